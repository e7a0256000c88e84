import OCI
import Trace

extension ChinesePhrases {
    func httpExchange(_ exchange: HTTPExchange) -> String {
        let (method, path, status, bytes) = (exchange.method, exchange.path, exchange.status, exchange.bytes)
        let meaning =
            switch status {
            case 200, 201, 202, 204, 206: "镜像仓库接受了请求"
            case 401: "镜像仓库要先看到令牌（没带令牌的请求都会得到这个回答，登录以后也一样）：客户端去令牌服务取一个，再问一次"
            case 404 where exchange.endpoint == .blobExists: "这个仓库里还没有这个 blob（别的仓库可能有：那样就挂载过来，不用再传）"
            case 404: "镜像仓库里没有这个内容"
            case 416: "镜像仓库拒绝了顺序不对的分块"
            case 500...: "镜像仓库出错，请求可能会重试"
            default: "镜像仓库拒绝了请求"
            }
        return "HTTP \(method) \(path) 返回 \(status)（\(bytes) 字节）：\(meaning)。"
    }

    func authStep(_ step: AuthStep) -> String {
        switch step.kind {
        case .challenged:
            step.scheme == "Bearer"
                ? "镜像仓库要求先从 \(step.realm ?? "令牌服务") 获取令牌" + (step.scope.map { "（权限范围 \($0)）" } ?? "")
                    + "：令牌认证开始了，Docker Hub 也是这样做的。"
                : "镜像仓库要求提供用户名和密码（Basic 认证）。"
        case .tokenRequested:
            "向 \(step.realm ?? "令牌服务") 申请令牌" + (step.user.map { "，用户为 \($0)" } ?? "，匿名申请")
                + (step.scope.map { "，权限范围 \($0)" } ?? "") + "。"
        case .tokenReceived:
            "令牌服务签发了令牌；之后的请求都带上 `Authorization: Bearer` 头。"
        case .basicCredentialsSent:
            "把用户 \(step.user ?? "") 的用户名和密码直接发给镜像仓库。"
        case .refused:
            "凭据被拒绝。"
        }
    }

    func searchListed(_ listing: SearchListing) -> String {
        let names = listing.hits.prefix(3).map(\.name).joined(separator: "、")
        return listing.hits.isEmpty
            ? "镜像仓库里没有与“\(listing.term)”匹配的仓库（repository，也就是镜像的名字）。"
            : "有 \(listing.hits.count) 个仓库（repository，也就是镜像的名字）与“\(listing.term)”匹配（\(names)"
                + "\(listing.hits.count > 3 ? "……" : "")）：用名字拉取其中一个，名字前面写上镜像仓库的地址（Docker Hub 除外），"
                + "后面写上标签（地址/名字:标签）。"
    }

    func pullLayer(_ digest: Digest, _ step: LayerTransferStep, layer: Digest?) -> String? {
        let stored = layer.flatMap { $0 == digest ? nil : "，在存储里（也就是图里）叫镜像层 \($0.shortID)" } ?? ""
        return switch step {
        case .alreadyExists(let users):
            "镜像层 \(digest.shortID)：已存在（Already exists）。本地存储已有这一层\(stored)"
                + (users.isEmpty ? "" : "（镜像 \(users.shortListZh) 正在使用它）") + "，直接共享，不再下载。"
        case .pullingFsLayer: "镜像层 \(digest.shortID) 还不在本地存储中：需要下载。"
        case .downloadStarted(let size): "正在下载镜像层 \(digest.shortID)（\(size) 字节）。"
        case .retrying(let offset): "镜像层 \(digest.shortID) 的下载中断了，正在从第 \(offset) 字节起续传。"
        case .downloadComplete: "镜像层 \(digest.shortID) 下载完成，内容的哈希与摘要完全一致：正是清单里写的那一层。"
        case .extracting: "正在把镜像层 \(digest.shortID) 解压到它自己的 diff 目录。"
        case .pullComplete: "镜像层 \(digest.shortID) 拉取完成（Pull complete），已登记到层存储中\(stored)。"
        default: nil
        }
    }

    func pushLayer(_ digest: Digest, _ step: LayerTransferStep, diffID: Digest?, layer chainID: Digest?) -> String? {
        let inPicture = chainID.flatMap { $0 == diffID ? nil : "；图里是镜像层 \($0.shortID)" } ?? ""
        let layer =
            diffID.map { "镜像层 \($0.shortID)（blob \(digest.shortID)\(inPicture)）" } ?? "blob \(digest.shortID)"
        return switch step {
        case .layerAlreadyExists: "\(layer)：镜像仓库在这个仓库名下已经有这一层（Layer already exists），无需发送。"
        case .mountedFrom(let repository):
            "\(layer)：从 \(repository) 挂载（Mounted from）：镜像仓库在那个仓库名下已经保存了这个 blob，"
                + "直接引用到这里，不传输任何字节。"
        // No space after a closing full-width bracket: 镜像层 …（blob …）已推送.
        case .pushed: "\(layer)\(diffID == nil ? " " : "")已推送（Pushed）；镜像仓库在接收前校验了 blob 的摘要。"
        default: nil
        }
    }

    func imagePulled(_ reference: Reference, manifest: Digest, image: Digest, upToDate: Bool) -> String {
        (upToDate ? "\(reference.familiarString) 已是最新。" : "已下载 \(reference.familiarString) 的新镜像。")
            + "清单摘要：\(manifest)；镜像 ID \(image.shortID) 就是其配置文件的摘要，与镜像仓库中的一致。"
    }

    func imagePushed(_ reference: Reference, manifest: Digest, size: Int64) -> String {
        "\(reference.tag ?? "latest")：摘要 \(manifest)，大小 \(size) 字节。镜像仓库现在以 \(reference.familiarString) 这个名字提供这个镜像。"
    }
}
