import OCI
import Trace

/// 命令的要点：一句平实的话，写给只会 `docker run`、还不知道镜像层由什么组成的人；
/// 逐步的讲解在它下面。
extension ChinesePhrases {
    func gist(_ gist: CommandGist) -> String {
        switch gist {
        case .built(let names, let base, let steps, let newLayers, let cached):
            let image = names.first.map(\.familiarString) ?? "镜像"
            let start = base.map { "建在 \($0) 的各镜像层之上（共用，不复制）" } ?? "从零开始（scratch）"
            if steps > 1 && cached == steps - 1 && newLayers == 0 {
                return "构建了 \(image)，\(start)。每一步都用了缓存：没有步骤重新运行，也没有产生新的镜像层。"
            }
            let added = newLayers == 0 ? "\(steps) 步都没有添加镜像层" : "\(steps) 步中有 \(newLayers) 步各添加了一个新镜像层"
            return "构建了 \(image)，\(start)：\(added)" + (cached > 0 ? "；有 \(cached) 步用了缓存，没有运行。" : "。")
        case .committed(let container, let image, let addedLayer):
            guard addedLayer else {
                return "容器 \(container) 没有改动任何文件，所以新镜像 \(called(image)) 没有增加镜像层：它只有容器所用镜像的那些层。"
            }
            return "容器 \(container) 改动的内容成了一个独立的镜像层，叠在它所用镜像的各层之上：新镜像 \(called(image)) 就是那些层再加上这一层。"
        case .named(let name, let source, let movedFrom):
            return "\(name.familiarString) 现在也是 \(source) 所指镜像的名字：仍然只有一个镜像，什么也没有复制。"
                + (movedFrom.map { "\(name.familiarString) 原来指向 \(called($0))；那个镜像还在，只是没有了这个名字。" } ?? "")
        case .removed(let names, let images, let pruned, let layers, let keptLayers, let keepers):
            let what = names.isEmpty ? "这个镜像" : names.familiarListZh
            var sentence =
                "\(what) 没有了：删除了\(images == 1 ? "它的镜像" : "它们的 \(images) 个镜像")"
                + (pruned > 0 ? "、构建时留在它下面的 \(pruned) 个无名镜像" : "")
                + (layers > 0 ? "，以及没有别的镜像在用的 \(layers) 个镜像层。" : "；没有删除镜像层。")
            if keptLayers > 0 {
                sentence += "\(keptLayers) 个镜像层留了下来：\(keepers.map(called).joined(separator: "、")) 还在用。"
            }
            return sentence
        case .untagged(let names, let reason):
            let what = names.familiarListZh
            let why = reason.map(whyKept) ?? "还有东西需要它"
            return "只去掉了名字 \(what)。镜像留了下来，因为\(why)；没有删除任何镜像层。"
        case .refused:
            return "什么也没有删除：Docker 拒绝了。原因和应该先做什么，就在下面。"
        case .pulled(let reference, let downloaded, let shared):
            return "拉取了 \(reference.familiarString)：下载了 \(downloaded) 个镜像层"
                + (shared > 0 ? "；另有 \(shared) 个镜像层本机已经有了，与已有的镜像共用，没有再下载。" : "。")
        case .upToDate(let reference):
            return "\(reference.familiarString) 已经是最新的：什么也没有下载。"
        case .pushed(let reference, let sent, let skipped):
            return "推送了 \(reference.familiarString)：发送了 \(sent) 个镜像层"
                + (skipped > 0 ? "；镜像仓库已经有其中 \(skipped) 个，没有再发送。" : "。")
        case .ran(let container, let image, let exitCode, let background):
            let start =
                background ? "容器 \(container) 基于 \(called(image)) 在后台启动" : "容器 \(container) 基于 \(called(image)) 运行了"
            let failed = exitCode.map { $0 == 0 || ExitSignal.name($0) != nil ? "" : "它的命令失败了（退出状态 \($0)）。" }
            return "\(start)：命令写下的一切都进了容器自己那一层薄薄的可写层，镜像的各层不会改变。" + (failed ?? "")
        case .created(let container, let image):
            return "基于 \(called(image)) 创建了容器 \(container)，上面叠着一个属于它自己的、空的可写层。还没有运行任何东西：start 才会运行它的命令。"
        case .removedContainers(let names):
            return "删除了容器 \(names.joined(separator: "、"))，它改动过的文件也随之删除；镜像保持原样。"
        case .imported(let image, let layers, let newLayers):
            return "\(called(image)) 到了，有 \(layers) 个镜像层"
                + (newLayers < layers ? "；其中 \(layers - newLayers) 个本机已经有了，是共用的。" : "。")
        }
    }

    private func whyKept(_ cause: RmiConflict.Cause) -> String {
        switch cause {
        case .dependentChildren: return "还有建在它上面的镜像需要它的各层"
        case .referencedInRepositories: return "它还有别的名字"
        case .usedByContainer, .containerUsesReference: return "还有容器在用它"
        }
    }

    private func called(_ image: CommandGist.ImageCalled) -> String {
        image.name.map(\.familiarString) ?? "镜像 \(image.id.shortID)"
    }
}
