import OCI
import Trace

extension ChinesePhrases {
    func recovered(_ entry: RecoveredEntry) -> String {
        let why =
            switch entry.reason {
            case .staging: "被中断的命令留下的暂存文件夹，里面的东西从未成为镜像"
            case .unfinishedRemoval: "删除到一半的镜像层（已标记为 -removing）"
            case .unfinishedRecord: "以临时名字写下、却没有改名就位的记录"
            case .unusedLayer: "没有任何镜像使用的镜像层：写入镜像之前命令就停止了"
            case .orphanMetadata: "已不存在的镜像或镜像层的元数据"
            case .unfinishedContainer: "只创建或删除了一半的容器"
            case .exitedContainer: "命令被杀死的容器，像 Docker 一样标记为已退出（255）"
            case .orphanFolder: "没有任何镜像层或容器引用的文件夹"
            case .unreferencedBlob: "没有任何镜像层或镜像引用的 blob"
            }
        let action = entry.reason == .exitedContainer ? "恢复时更新了" : "恢复时删除了"
        return "\(action) \(entry.path)：\(why)。每次写入都先暂存再改名就位，所以中断最多只会留下这些。"
    }

    func storeProblem(_ problem: StoreProblem) -> String {
        let what =
            switch problem.kind {
            case .blobCorrupt: "blob \(problem.subject) 已损坏：内容以摘要命名，而它的字节已与摘要不符"
            case .layerDamaged: "镜像层 \(problem.subject) 的记录已损坏"
            case .layerMissingParent: "镜像层 \(problem.subject) 失去了它所在的下层"
            case .layerDataMissing: "镜像层 \(problem.subject) 的文件不见了"
            case .layerBlobMissing: "镜像层 \(problem.subject) 无法校验，也无法推送"
            case .layerContentChanged: "镜像层 \(problem.subject) 的文件在保存后被改动过，而镜像层本应只读"
            case .imageDamaged: "镜像 \(problem.subject) 的配置已损坏：镜像 ID 就是它的摘要"
            case .imageMissingLayer: "镜像 \(problem.subject) 缺少一个镜像层"
            case .imageMissingParent: "镜像 \(problem.subject) 的父镜像已不存在"
            case .imageManifestMissing: "镜像 \(problem.subject) 拉取时的清单（manifest）不见了"
            case .tagDangling: "名字 \(problem.subject) 指向的镜像不存在"
            case .containerDamaged: "容器 \(problem.subject) 已损坏"
            case .unreachableLayer: "镜像层 \(problem.subject) 没有被任何东西引用"
            case .unreachableBlob: "blob \(problem.subject) 没有被任何东西引用"
            case .unreachableEntry: "\(problem.subject) 没有被任何东西引用"
            }
        return "\(what)（\(problem.detail)）。" + (problem.repaired ? "已删除。" : "")
    }

    func storeChecked(_ summary: StoreCheckSummary) -> String {
        let checked =
            "检查了 \(summary.blobs) 个 blob、\(summary.layers) 个镜像层、\(summary.images) 个镜像、"
            + "\(summary.tags) 个标签和 \(summary.containers) 个容器"
        if summary.problems == 0 { return checked + "：每个摘要都相符，每个链接都有去处。" }
        if summary.isClean { return checked + "：发现 \(summary.problems) 个问题，已全部删除。" }
        return checked + "：发现 \(summary.problems) 个问题；`layerlab fsck --repair` 会删除它们。"
    }
}
