import OCI
import Trace

extension ChinesePhrases: DiagramWords {
    /// Noto Sans CJK (Debian's `fonts-noto-cjk`) has Latin letters too, so digests and Docker's
    /// quoted words are set in the same face as the Chinese.
    var font: String { "Noto Sans CJK SC" }

    func image(_ id: Digest) -> String { "镜像 \(id.shortID)" }
    func layer(_ id: Digest) -> String { "镜像层 \(id.shortID)" }
    var topLayer: String { "最上层" }
    var onTopOf: String { "叠在其上" }

    func layerGraphTitle(images: Int, layers: Int) -> String {
        "镜像与镜像层：\(images) 个镜像，\(layers) 个镜像层"
    }
    func sharedBy(_ images: Int) -> String { "\(images) 个镜像共享" }
    var parentImage: String { "父镜像" }
    func condensedLayerGraphTitle(images: Int, layers: Int, runs: Int) -> String {
        "镜像与镜像层（精简图）：\(images) 个镜像，\(layers) 个镜像层，\(runs) 段共享镜像层"
    }
    func layerRun(_ count: Int, from first: Digest) -> String { "从 \(first.shortID) 起的 \(count) 个镜像层" }
    func imagesOnBase(_ count: Int, shared: Bool) -> String {
        shared ? "基于这些镜像层的 \(count) 个镜像" : "不共享镜像层的 \(count) 个镜像"
    }
    func ownLayers(_ count: Int, size: String) -> String { "+\(count) 个自有镜像层，\(size)" }
    var noOwnLayers: String { "没有自有镜像层" }
    var layerGraphKey: (tag: String, image: String, layer: String, shared: String) {
        ("标签（名字）", "镜像", "镜像层（标的是它在存储里的 ID）", "多个镜像共享的镜像层")
    }
    func imageIDAsked(_ id: String) -> String { "镜像 ID \(id)" }
    var digestNameKey: String { "名字@sha256:…：拉取或推送的清单的摘要，也是一个名字" }
    var parentArrowKey: String { "⇢ 虚线箭头：指向它建在上面的父镜像" }
    var containerKey: String { "容器（占用着所用镜像的各层）⋯ 点线箭头：它所用的镜像" }
    func imageSize(_ size: String) -> String { "各层共 \(size)" }
    func containerLayer(_ size: String) -> String { "它自己的改动层：\(size)" }
    func containersImageDeleted(_ image: Digest) -> String { "镜像 \(image.shortID) 已删除（rmi -f）" }
    var namelessKey: (intermediate: String, dangling: String) {
        ("没有名字：中间镜像（images -a 才列出）", "没有名字：悬空镜像（<none>）")
    }

    func unionTitle(_ name: String, layers: Int) -> String {
        "联合文件系统：\(name) = \(layers) 个镜像层叠加合并"
    }
    func unionLayerHeader(_ number: Int, _ chainID: Digest, size: String) -> String {
        "第 \(number) 层 · \(chainID.shortID) · \(size)"
    }
    func mergedHeader(files: Int) -> String { "合并视图 · \(files) 个文件" }
    func fromLayer(_ number: Int) -> String { "来自第 \(number) 层" }
    var noFiles: String { "没有文件" }
    func andMore(_ count: Int) -> String { "…… 还有 \(count) 个" }
    var unionKey: (changes: String, merged: String) {
        ("+ 新增  ~ 修改  − 删除（白障）", "合并视图：容器看到的内容")
    }

    var buildTitle: String { "docker build：一行 Dockerfile 指令，一个步骤，一个镜像，至多一个镜像层" }
    func buildOf(_ dockerfile: String, builder: BuilderKind) -> String {
        "\(builder == .classic ? "经典构建器" : "新构建器（BuildKit 方式）")构建 \(dockerfile)"
    }
    var usingCache: String { "使用缓存（Using cache）" }
    var baseImage: String { "基础镜像" }
    func cacheMiss(_ reason: CacheMiss) -> String { "缓存未命中：\(missReason(reason))" }
    var emptyLayer: String { "空镜像层" }
    func successfullyBuilt(_ image: Digest) -> String { "构建成功 \(image.shortID)" }
    var buildKey: (line: String, made: String, cached: String, layer: String, empty: String) {
        ("Dockerfile 指令", "该步骤生成的镜像", "来自缓存的镜像", "该步骤新增的镜像层", "空镜像层：只改配置")
    }

    var transferTitle: String { "docker pull / push：哪些镜像层传输了，哪些是共享的" }
    func transferStatus(_ step: LayerTransferStep) -> String {
        let docker = step.status.rawValue
        return switch step {
        case .alreadyExists: "已存在（\(docker)）"
        case .layerAlreadyExists: "镜像仓库已有（\(docker)）"
        case .mountedFrom(let repository): "从 \(repository) 挂载（\(docker)）"
        case .pullComplete: "拉取完成（\(docker)）"
        case .pushed: "已推送（\(docker)）"
        case .downloadComplete: "下载完成（\(docker)）"
        default: docker
        }
    }
    func inTheStoreAs(_ layer: Digest) -> String { "= 本地存储里的\(self.layer(layer))" }
    func registryTitle(_ registry: String, repositories: Int) -> String {
        "镜像仓库 \(registry)：\(repositories) 个仓库（推送和拉取时看到的内容）"
    }
    var registryKey: (tag: String, manifest: String, blob: String, shared: String) {
        ("标签", "清单（manifest：镜像的 blob 列表）", "blob（压缩后的镜像层）", "多个仓库都有的 blob，只存一份")
    }
    func manifest(_ digest: Digest) -> String { "清单 \(digest.shortID)" }
    func blob(_ digest: Digest) -> String { "blob \(digest.shortID)" }
    func inRepositories(_ count: Int) -> String { "在 \(count) 个仓库里" }
    func pullSummary(manifest: Digest, image: Digest, upToDate: Bool) -> String {
        "清单 \(manifest.shortID)\n镜像 \(image.shortID)" + (upToDate ? "\n已是最新" : "")
    }
    func pushSummary(manifest: Digest, size: Int64) -> String { "清单 \(manifest.shortID)\n\(size) 字节" }
    func transferFailed(_ message: String) -> String { "失败：\n\(message)" }
    var transferKey: (sent: String, shared: String) { ("已下载 / 已上传", "共享：不再传输") }

    var httpTitle: String { "HTTP 请求与应答：线路上的镜像分发协议" }
    var tokenService: String { "令牌服务" }
    var client: String { "layerlab\n（客户端）" }
    var registry: String { "镜像仓库\n（/v2/ API）" }
    func purpose(of endpoint: RegistryEndpoint, scope: String?) -> String? {
        switch endpoint {
        case .apiVersion: "这是镜像仓库吗？（检查 API 版本）"
        case .catalog: "列出仓库"
        case .tagsList: "列出标签"
        case .manifestExists: "清单存在吗？"
        case .manifestFetch: "获取清单"
        case .manifestPush: "推送清单（打上标签）"
        case .manifestDelete: "删除清单"
        case .uploadStart: "开始上传，或挂载已有的数据块"
        case .uploadChunk: "上传一个分块"
        case .uploadFinish: "完成上传（校验摘要）"
        case .uploadStatus: "上传到哪里了？"
        case .uploadCancel: "取消上传"
        case .blobExists: "镜像仓库里有这个数据块吗？"
        case .blobFetch: "下载数据块"
        case .blobDelete: "删除数据块"
        case .search: "搜索"
        case .token: "申请令牌" + (scope.map { "（权限 \($0)）" } ?? "")
        case .other: nil
        }
    }
    var aToken: String { "（一个令牌）" }
    var notThereWillUpload: String { "（没有：接下来上传它）" }
    func moreExchanges(_ count: Int) -> String { "…… 另有 \(count) 次请求未画出" }
    var httpKey: (request: String, answer: String, refused: String) {
        ("请求 →", "← 应答（虚线）", "被拒绝（4xx、5xx）")
    }

    var removalTitle: String { "docker rmi：删除了什么，保留了什么，是什么阻止了删除" }
    func removal(_ requested: String, refused: Bool) -> String {
        "rmi \(requested) — \(refused ? "被拒绝" : "完成")"
    }
    var untagged: String { "已取消标签" }
    var untag: String { "取消标签" }
    var deleted: String { "已删除" }
    var kept: String { "保留" }
    func keptFor(images: Int?, containers: Int?, users: Int) -> String {
        guard let images, let containers else { return "保留：还有 \(users) 个使用者" }
        let parts = [(images, "镜像"), (containers, "容器")].filter { $0.0 > 0 }.map { "\($0.0) 个\($0.1)" }
        return "保留：仍有 " + parts.joined(separator: "和 ") + " 使用"
    }
    var refused: String { "拒绝" }
    var notRemoved: String { "未删除" }
    func childImage(_ id: Digest) -> String { "子镜像 \(id.shortID)" }
    var builtOn: String { "建立在其上" }
    var unusedParent: String { "它的父镜像，已无用" }
    var used: String { "使用" }
    func container(_ id: String, running: Bool?) -> String {
        (running.map { $0 ? "运行中的容器" : "已停止的容器" } ?? "容器") + " \(id.prefix(12))"
    }
    var uses: String { "使用" }
    var removalKey: (asked: String, deleted: String, kept: String, blocks: String) {
        ("要删除的", "已删除", "保留", "阻止删除")
    }
}
