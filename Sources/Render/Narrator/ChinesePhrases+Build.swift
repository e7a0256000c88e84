import OCI
import Trace

extension ChinesePhrases {
    func buildStarted(builder: BuilderKind, dockerfile: String, contextSize: Int64) -> String {
        let how =
            builder == .modern
            ? "用新式构建器（同 BuildKit）构建 \(dockerfile)：只保留最终镜像，用不到的构建阶段会被跳过"
            : "用经典构建器构建 \(dockerfile)：每一步都在上一步的镜像之上提交一个中间镜像"
        return "\(how)；构建上下文（\(contextSize) 字节）是 COPY 和 ADD 能读取的全部文件。"
    }

    func buildStepStarted(_ step: BuildStepInfo) -> String {
        "第 \(step.number)/\(step.total) 步，Dockerfile 第 \(step.line) 行：\(step.instruction)"
    }

    var commitAddedNoLayer: String {
        "容器没有改动任何文件，所以这次提交没有增加镜像层（Docker 不保留空的层）：新镜像只有父镜像的那些层。"
            + "要得到自己的一层，先在容器里写一个文件。"
    }

    func stepContainer(id: String) -> String {
        "这一步在一个新的中间容器 \(id.prefix(12)) 里执行。"
    }

    func buildTrigger(_ trigger: BuildTriggerInfo) -> String {
        "基础镜像带有 ONBUILD 触发器（共 \(trigger.count) 个，这是第 \(trigger.index + 1) 个）：构建基础镜像的 Dockerfile "
            + "把它留给以后 FROM 这个镜像的构建。现在执行 \(trigger.instruction)，算作第 \(trigger.step) 步的一部分。"
    }

    func buildStepFinished(_ result: BuildStepResult, repeated: Bool) -> String {
        let made =
            result.shownLayer.map { "新增了镜像层 \($0.shortID)" } ?? "没有新增镜像层，只修改了镜像的配置（历史里的一行，Docker 叫它空层）"
        switch result.cache {
        case .hit where repeated:
            return "又用了缓存：沿用镜像 \(result.image.shortID)" + (result.shownLayer.map { " 和镜像层 \($0.shortID)" } ?? "") + "。"
        case .hit:
            return "使用缓存：之前的构建在同一个父镜像上执行过完全相同的这一步，所以这一步不再执行："
                + (result.shownLayer.map { "沿用当时做出的镜像 \(result.image.shortID) 和镜像层 \($0.shortID)。" }
                    ?? "沿用当时做出的镜像 \(result.image.shortID)（这一步不加文件）。")
        case .miss where repeated:
            return "缓存又未命中，原因同上：执行了这一步，得到镜像 \(result.image.shortID)，\(made)。"
        case .miss:
            return "缓存未命中（\(missReason(result.reason))）：执行了这一步，得到镜像 \(result.image.shortID)，\(made)。"
        case .disabled:
            return "--no-cache：不查缓存直接执行，得到镜像 \(result.image.shortID)，\(made)。"
        case .notApplicable:
            return "这个阶段从镜像 \(result.image.shortID) 开始：在它之上构建的镜像都共用它的各层，不会复制。"
        }
    }

    func buildArgumentsUnused(_ names: [String]) -> String {
        "Dockerfile 中没有任何 ARG 声明 \(names.joined(separator: "、"))：这些 --build-arg 的值没有被使用。"
    }

    func buildFinished(image: Digest, references: [Reference]) -> String {
        "构建成功：\(image.shortID)" + (references.isEmpty ? "。" : "，名字为 \(references.familiarListZh)。")
    }

    func missReason(_ reason: CacheMiss?) -> String {
        switch reason {
        case .newParent?: "之前没有任何构建在这个父镜像上执行过步骤"
        case .newInstruction?: "这个父镜像上之前没有执行过这条指令"
        case .sourcesChanged?: "它要复制的文件自上次构建以来改变了"
        case .settingsChanged?: "同一条指令之前是在不同的设置（ENV、ARG、WORKDIR 等）下执行的"
        case .layersRemoved?: "缓存的镜像层已经被删除"
        case nil: "没有之前的结果"
        }
    }
}
