import OCI
import Trace

/// The narration in Chinese, in the course's own words (镜像、镜像层、标签、联合文件系统).
struct ChinesePhrases: Phrasebook {
    func started(_ command: OperationKind, _ arguments: [String]) -> String {
        let line = ShellWord.line(["layerlab", command.rawValue] + arguments)
        switch command {
        case .import: return "\(line)：把一个根文件系统导入为新镜像，它只有一个镜像层。"
        case .tag: return "\(line)：给镜像再起一个名字（常被叫作“镜像重命名”，但旧名字还在），不复制任何数据。"
        case .rmi where arguments.contains(where: RemovalDiagram.isID) && RemovalDiagram.isForced(arguments):
            return "\(line)：按 ID 删除这个镜像，它的名字也一起去掉；有几个名字、或有已停止的容器在用它，加了 -f 也照样删除。"
                + "只有建在它上面的镜像、或正在运行的容器，仍会让删除被拒绝。"
        case .rmi where arguments.contains(where: RemovalDiagram.isID):
            return "\(line)：按 ID 删除这个镜像，它的名字也一起去掉。有镜像建在它上面、或有容器在用它时会被拒绝；"
                + "它有几个名字时，不加 -f 也会被拒绝。"
        case .rmi where RemovalDiagram.isForced(arguments):
            return "\(line)：去掉这个名字并删除镜像，即使有已停止的容器在用它（那个容器仍占着它所在的各层）；"
                + "有别的镜像建在它上面、或有正在运行的容器在用它时，镜像会留下。"
        case .rmi: return "\(line)：先去掉这个名字；等到再没有东西需要这个镜像，才把镜像本身删掉。"
        case .save: return "\(line)：把镜像连同镜像层和名字写入一个归档文件。"
        case .load: return "\(line)：从归档文件读入镜像，并校验每个镜像层的摘要。"
        case .pull: return "\(line)：从镜像仓库拉取镜像，只下载本地存储中还没有的镜像层。"
        case .push: return "\(line)：把镜像推送到镜像仓库，那里已有的镜像层会被跳过。"
        case .graph: return "\(line)：查看存储的当前状态。"
        case .history: return "\(line)：列出这个镜像是经过哪些步骤做出来的（记录在它的配置里）。"
        case .login: return "\(line)：镜像仓库核对用户名和密码（由它自己核对，或交给它指定的令牌服务）；通过后把登录信息保存下来，以后推送和拉取时使用。"
        case .images: return "\(line)：列出存储里的镜像，最新的在上。"
        case .run where arguments.first == "-d":
            return "\(line)：基于镜像创建一个容器，在后台启动它的命令：-d 立即打印容器的 ID，命令的输出用 logs 查看；"
                + "命令结束之前（或被 stop、kill 结束之前），ps 显示它是 Up（正在运行）。"
        case .start:
            return "\(line)：再次运行容器的命令，用的是它已有的那层可写层。"
        case .stop:
            return "\(line)：先给容器的命令发 SIGTERM，时间到了（-t，默认 10 秒）再发 SIGKILL。容器里的 1 号进程收到"
                + "自己没有处理的信号时会直接忽略，所以 sleep 会等满这段时间，最后被 SIGKILL 结束（状态 137）。"
        case .kill: return "\(line)：给容器的命令发一个信号，默认是 SIGKILL（-s 可以换别的）；SIGKILL 会立刻结束它（状态 137）。"
        case .ended: return "与此同时，在后台："
        case .run: return "\(line)：基于镜像创建一个容器，并立即运行它的命令。"
        case .attach: return "\(line)：容器的命令正在运行；它一边输出，这里一边记录。"
        case .logs:
            return "\(line)：打印容器的命令每次运行输出的内容，取自容器的日志文件（containers/<id>/<id>-json.log，"
                + "每行输出记成一行 JSON）。"
        case .fsck: return "\(line)：检查存储：重新计算每个 blob 的摘要，把每个镜像层的文件与它的 blob 对比，逐一核对每个名字和链接。"
        case .recover: return "打开存储：先清理被中断的命令留下的东西。"
        default: return line
        }
    }

    var done: String { "执行完毕。" }

    func failed(_ message: String) -> String { "失败：\(message)" }

    func blobStored(_ blob: BlobInfo, files: Int64?) -> String {
        blob.alreadyPresent
            ? "blob \(blob.digest.shortID) 已经在 blob 存储中：相同的字节，相同的摘要，只保存一份。"
            : "该镜像层同时以压缩形式保存为 blob \(blob.digest.shortID)（\(blob.size) 字节）：推送到镜像仓库、或从镜像仓库拉取时，它就是这个样子。"
                + (blob.outweighs(files: files) ? "层这么小时，tar 每个文件 512 字节的头和 gzip 自己的字节可能比文件本身还大。" : "")
    }

    func layerRegistered(_ layer: LayerInfo) -> String {
        let position = layer.parent.map { "它位于镜像层 \($0.shortID) 之上。" } ?? "它是这一叠镜像层的最底层。"
        guard layer.size > 0 else {
            return "新镜像层 \(layer.chainID.shortID)：文件数据 0 字节，因为它装的东西（空文件、文件夹、删除文件留下的白障文件、改过的权限）"
                + "都不占字节；但它仍然是一层。只改设置的步骤（ENV、CMD 等）才不加层。\(position)"
        }
        return "新镜像层 \(layer.chainID.shortID)：它的 diff 文件夹只存放这一层的增量数据（\(layer.size) 字节）。\(position)"
    }

    func layerReused(_ layer: LayerInfo, sharedWith: [Digest]) -> String {
        let sharing = sharedWith.isEmpty ? "" : "镜像 \(sharedWith.shortListZh) 已在使用它，从现在起与新镜像共享这一层。"
        return "镜像层 \(layer.chainID.shortID) 已经存在，不会再存一次：内容相同，ID 就相同。\(sharing)"
    }

    func layerReleased(_ chainID: Digest, remaining: Int, usedBy: [Digest]?) -> String {
        guard let usedBy else { return "镜像层 \(chainID.shortID) 暂时不删：还有 \(remaining) 个镜像或容器在使用它。" }
        let containers = remaining - usedBy.count
        let users =
            switch (usedBy.count, containers) {
            case (0, _): "\(containers) 个容器"
            case (_, 0): "镜像 \(usedBy.shortListZh) "
            default: "镜像 \(usedBy.shortListZh) 和 \(containers) 个容器"
            }
        return "镜像层 \(chainID.shortID) 暂时不删：\(users)还在使用它"
            + (containers == 0 ? "（如果\(usedBy.count == 1 ? "那个" : "那些")镜像也被删除，这一层会跟着删除）。" : "。")
    }

    func layerDeleted(_ layer: LayerInfo) -> String {
        "镜像层 \(layer.chainID.shortID) 被删除：已没有镜像使用它，它的 diff 文件夹也一并删除。"
    }

    func imageCreated(_ image: ImageInfo) -> String {
        "创建镜像 \(image.id.shortID)。镜像 ID 是其配置（config）的 SHA-256，配置中列出了 \(image.layers.count) 个镜像层"
            + (image.parent.map { "，并记录父镜像 \($0.shortID)" } ?? "") + "。"
    }

    func imageReused(_ image: ImageInfo) -> String {
        "镜像 \(image.id.shortID) 已经存在：相同的配置得到相同的 ID。"
    }

    func imageDeleted(_ id: Digest) -> String { "镜像 \(id.shortID) 已删除。" }
    func parentPruned(_ image: Digest, child: Digest) -> String {
        "镜像 \(image.shortID) 是 \(child.shortID) 的父镜像，它没有名字、没有别的子镜像，也没有容器在用："
            + "已经没有东西需要它，所以一起删除（`rmi --no-prune` 会保留它）。"
    }

    func imageKept(_ kept: ImageKept) -> String {
        let image = kept.image.shortID
        let subject = kept.child.map { "镜像 \(image)（\($0.shortID) 建在它上面）" } ?? "镜像 \(image) "
        switch kept.cause {
        case .referencedInRepositories(let references):
            return "\(subject)保留下来：它还有名字 \(references.familiarListZh)。"
        case .dependentChildren(let children):
            let users = kept.namedDescendants.isEmpty ? children.shortListZh : kept.namedDescendants.familiarListZh
            return "\(subject)保留下来：建在它上面的镜像（\(users)）还需要它的层。"
        case .usedByContainer(let id, _), .containerUsesReference(_, let id):
            return "\(subject)保留下来：容器 \(id.prefix(12)) 由它创建，还在使用它的层。"
        }
    }

    func historyListed(_ listing: HistoryListing) -> String {
        let steps = listing.steps
        let layers = steps.filter(\.addsLayer).count
        var text =
            "\(listing.requested)（镜像 \(listing.image.shortID)）的历史列出了制作它的 \(steps.count) 个步骤，最新的在上："
            + "其中 \(layers) 个各添加了一个镜像层（大小见 SIZE 列；只有空文件、文件夹或白障文件的层也显示 0B）"
            + (steps.count == layers ? "。" : "，\(steps.count - layers) 个只改了配置，没有镜像层（Docker 叫它空层，0B）。")
        if let base = listing.base {
            text += "最下面 \(base.steps) 个是 \(base.name.familiarString) 的步骤，也就是它建在上面的镜像（用 FROM 或 commit）：这些层是共享的，没有复制。"
        }
        if steps.contains(where: { $0.image == nil }) {
            text += "IMAGE 列显示 <missing> 的步骤：那一步的镜像从来不在这个存储里（镜像是整个拉取、读入或导入的），配置里只留下了这一步的记录。"
        }
        let made = listing.layersFromTheBottom
        if !made.isEmpty {
            text +=
                "从下往上，每一层和做出它的步骤："
                + made.map { "镜像层 \($0.layer.shortID)（\($0.step.instruction())）" }.joined(separator: "、") + "。"
        }
        return text
    }

    func exported(container: String, destination: String) -> String {
        "容器 \(container) 看到的文件（镜像各层和它自己那一层合并后的样子，删掉的文件不在其中）写入了"
            + "\(destination == "-" ? "标准输出" : destination)，是一个扁平的 tar：没有镜像层，没有配置，也没有历史。"
            + "`save` 会保留镜像的各层；`import` 会把这个 tar 做成只有一层的镜像。"
    }

    func inspected(_ object: InspectedObject) -> String {
        guard object.kind == .image else {
            return "容器 \(object.requested) 的记录，和 Docker 保存的一样：它的状态、它所基于的镜像（\(object.image?.shortID ?? "?")），"
                + "以及 GraphDriver 下的 UpperDir（它自己那一层改动所在的目录），叠在 LowerDir（镜像的各层）之上。"
        }
        let layers = object.layers ?? []
        return "镜像 \(object.requested) 的配置，和 Docker 保存的一样：Config 是容器启动时用的（命令、环境变量、工作目录）；"
            + "RootFS.Layers 从下往上列出它的 \(layers.count) 个镜像层，每层用 diff ID（未压缩 tar 的摘要）表示，"
            + "而图里用的是 chain ID（它还涵盖了下面的各层）；GraphDriver 说明它们的 diff 目录在哪里。"
    }

    func containerChanges(_ changes: ContainerChanges) -> String {
        guard !changes.entries.isEmpty else {
            return "容器 \(changes.name) 什么也没改：它自己的那一层是空的，所以提交（commit）它也不会增加镜像层。"
        }
        let letters = [
            (ContainerChanges.Kind.added, "A：新增"),
            (.changed, "C：改动，比如里面有文件变了的目录"),
            (.deleted, "D：删除，由容器层里的白障（whiteout）把它遮住"),
        ].filter { changes.count($0.0) > 0 }.map { "\(changes.count($0.0)) 项 \($0.1)" }
        return "容器 \(changes.name) 自己的那一层相对它的镜像有 \(changes.entries.count) 处改动（\(letters.joined(separator: "；"))）。"
            + "镜像的各层保持原样；提交（commit）会把正是这些改动做成一个新的镜像层。"
    }

    func containersListed(_ listing: ContainersListing) -> String {
        guard !listing.containers.isEmpty else { return "现在没有容器：run 或 create 会创建一个。" }
        let shown =
            listing.all
            ? "共 \(listing.containers.count) 个容器：\(listing.running) 个正在运行，\(listing.stopped) 个已停止"
                + (listing.neverStarted > 0 ? "（其中 \(listing.neverStarted) 个创建后从没运行过）。" : "。")
            : "\(listing.running) 个容器正在运行"
                + (listing.stopped == 0 ? "。" : "；另有 \(listing.stopped) 个已停止的容器，不加 -a 不列出（ps -a 会列出）。")
        var text =
            listing.stopped == 0
            ? shown
            : shown + "已停止的容器还留着它的可读写层；不加 -f 时，rmi 也删不掉它用的镜像，直到用 rm 删除这个容器。"
        for container in listing.withoutImage {
            text +=
                "容器 \(container.name) 的镜像 \(container.image.shortID) 已被 rmi -f 删除：容器还留着那个镜像的各层，"
                + "ps 用 ID 显示这个镜像，直到用 rm 删除这个容器。"
        }
        return text
    }

    func imagesListed(_ listing: ImagesListing) -> String {
        if listing.quiet == true {
            return "-q 只打印 IMAGE ID 这一列，每行一个：\(listing.rows) 行，\(listing.images.count) 个镜像，"
                + "可以直接交给 rmi、history 或 inspect。" + hiddenIntermediates(listing)
        }
        var text = "列出了 \(listing.images.count) 个镜像。"
        if listing.rows > listing.images.count {
            text = "\(listing.rows) 行，\(listing.images.count) 个镜像：一个镜像有几个名字，就占几行，IMAGE ID 相同。"
        }
        if listing.listedSize > listing.storedSize {
            let sharing = listing.sharingPair.map { "（比如 \(Self.name($0.0)) 和 \(Self.name($0.1)) 共享镜像层）" } ?? ""
            text +=
                "SIZE 列在镜像的每一行都把它的所有层算上，共享的层也算：这一列加起来是 \(ByteCount.docker(listing.listedSize))，"
                + "但存储里每个层只存一份，一共 \(ByteCount.docker(listing.storedSize))\(sharing)。"
        }
        let dangling = listing.all ? 0 : listing.images.filter(\.references.isEmpty).count
        if dangling > 0 {
            text += "其中 \(dangling) 个显示为 <none>：它没有名字了，因为名字给了别的镜像，或者在还有东西需要它时被 rmi 去掉了。"
        }
        return text + hiddenIntermediates(listing)
    }

    /// The images `images` left out without `-a`, if any.
    private func hiddenIntermediates(_ listing: ImagesListing) -> String {
        guard listing.hiddenIntermediates > 0 else { return "" }
        return "还有 \(listing.hiddenIntermediates) 个没有名字、但有别的镜像建在上面的镜像没有显示（构建留下的中间镜像，"
            + "或名字被删掉的父镜像）；`images -a` 会显示它们。"
    }

    private static func name(_ image: ImagesListing.Image) -> String {
        image.references.first?.familiarString ?? image.id.shortID
    }

    func tagAdded(_ reference: Reference, image: Digest, previous: Digest?) -> String {
        if let digest = reference.digest {
            return "镜像仓库给这个镜像的摘要 \(digest.shortID) 也记成了它的一个名字（\(reference.familiarName)@sha256:…，即 RepoDigest）："
                + "不管标签以后怎么变，它只指这些字节。"
        }
        let moved = previous.map { "这个名字原先指向 \($0.shortID)：标签是可以移动的。" } ?? ""
        return "名字 \(reference.familiarString) 现在指向镜像 \(image.shortID)。\(moved)"
    }

    func tagRemoved(_ reference: Reference, image: Digest) -> String {
        "取消标签 \(reference.familiarString)：这个名字不再指向镜像 \(image.shortID)。"
    }

    func refusal(_ conflict: RmiConflict) -> String {
        let image = conflict.image.shortID
        switch conflict.cause {
        case .dependentChildren(let children) where !conflict.namedDescendants.isEmpty:
            let named = conflict.namedDescendants.familiarListZh
            return "Docker 拒绝删除：\(named) 建在镜像 \(image) 之上，它的镜像层叠在 \(image) 的镜像层上面"
                + "（直接建在 \(image) 上的是 \(children.shortListZh)），所以即使加 -f 也无法删除 \(image)。"
                + "建在它上面、有名字的镜像：\(named)。"
        case .dependentChildren(let children):
            return "Docker 拒绝删除：有 \(children.count) 个镜像（\(children.shortListZh)）依赖于镜像 \(image)，"
                + "\(children.count == 1 ? "那个镜像" : "这些镜像")的镜像层建立在镜像 \(image) 的镜像层之上，所以即使加 -f 也无法删除 \(image)。"
        case .referencedInRepositories(let references):
            return "Docker 拒绝删除：镜像 \(image) 在多个仓库中有名字（\(references.familiarListZh)），"
                + "而你是用 ID 指定的，无法确定你要删除哪个名字。"
        case .usedByContainer(let id, let running):
            let container = conflict.containerShown(id)
            return "Docker 拒绝删除：容器 \(container)（\(running ? "运行中" : "已停止")）使用了镜像 \(image)，"
                + "容器的文件就是镜像的各层再加上它自己的一层。"
        case .containerUsesReference(let reference, let id):
            return "Docker 拒绝删除：容器 \(conflict.containerShown(id)) 是从镜像 \(image) 创建的，"
                + "建在它的各层之上；\(reference.familiarString) 是这个镜像的最后一个名字，去掉以后，镜像只为这个容器留着，"
                + "却没有名字了。"
        }
    }

    func advice(_ conflict: RmiConflict) -> String {
        switch conflict.cause {
        case .dependentChildren where conflict.namedDescendants.isEmpty:
            return "先删除在它之上构建的镜像，从最新的开始：删除一个有名字的镜像时，它下面没有名字、也没有别的用处的中间镜像会一起删除。"
        case .dependentChildren:
            return "先删除 \(conflict.namedDescendants.familiarListZh)（`rmi 名字`）：删除一个有名字的镜像时，"
                + "它下面没有名字、也没有别的用处的中间镜像会一起删除。之后就能删除这个镜像了。"
        case .referencedInRepositories:
            return "用 `layerlab rmi 名字` 逐个删除名字，或者加 -f 一次全部删除。"
        case .usedByContainer(_, let running):
            return running
                ? "有正在运行的容器在用它时，加了 -f 也删不掉这个镜像：先停止容器（\(conflict.containerStop)），"
                    + "再删除容器（\(conflict.containerRemoval)）。"
                : "先删除该容器（\(conflict.containerRemoval)），或者加 -f。"
        case .containerUsesReference:
            return "先删除该容器（\(conflict.containerRemoval)；正在运行的要先 \(conflict.containerStop)）；"
                + "或者加 -f：名字会删掉，没有镜像建在它上面、容器也没在运行时，镜像也会删掉；已停止的容器仍占着它所在的各层。"
        }
    }

    func saved(format: String, destination: String, count: Int) -> String {
        "已将 \(count) 个镜像以 \(format) 格式写入 \(destination)，包括镜像层和名字。"
    }

    func loaded(_ id: Digest, references: [Reference]) -> String {
        references.isEmpty
            ? "已读入镜像 \(id.shortID)；归档中没有给它名字。"
            : "已读入镜像 \(id.shortID)，名字为 \(references.familiarListZh)；镜像 ID 保持不变。"
    }

    func unionLayer(_ index: Int, _ layer: UnionStackReport.Layer) -> String {
        "第 \(index + 1) 层（\(layer.chainID.shortID)）新增 \(layer.added.count) 个文件，修改 \(layer.changed.count) 个，"
            + "用白障删除 \(layer.removed.count) 个：它的 diff 文件夹只存放这些增量数据。"
    }

    func unionMerged(_ stack: UnionStackReport) -> String {
        "联合文件系统把这 \(stack.layers.count) 层合并成一个包含 \(stack.merged.count) 个文件的视图：同一路径以最上层的为准。"
    }

    func containerCreated(id: String, name: String, image: Digest) -> String {
        "由镜像 \(image.shortID) 创建了容器 \(id.prefix(12))（\(name)）：在镜像的只读层之上加一个空的可读写层，只读层与镜像共享。"
    }

    func containerExited(id: String, exitCode: Int32) -> String {
        "容器 \(id.prefix(12)) 已退出，状态码 \(exitCode)"
            + (ExitSignal.name(exitCode).map { "（128 + \(exitCode - 128)：被信号 \($0) 结束）" } ?? "")
            + "；它所做的修改留在它的可读写层里，直到容器被删除。"
            + "提交（commit）只是把这些修改复制到新镜像的一层里，容器里的修改仍然保留。"
    }

    func containerRemoved(id: String, name: String) -> String {
        "已删除容器 \(id.prefix(12))（\(name)）及其可读写层；它的镜像的各层，只要还有镜像在用，就仍然保留。"
    }

    func lookup(_ path: String, layer: Int?) -> String {
        layer.map { "\(path) 来自第 \($0 + 1) 层：上层的文件会遮住下层的同名文件。" } ?? "\(path) 不在联合视图的任何一层中。"
    }

    func whiteoutApplied(_ path: String, layer: Int, opaque: Bool) -> String {
        opaque
            ? "第 \(layer + 1) 层中的文件夹 \(path) 是不透明的（opaque）：下层里它的内容都被隐藏。"
            : "第 \(layer + 1) 层的白障文件（whiteout）遮住了 \(path)：下层仍然有它，但联合视图里看不到。"
    }

    func copyUp(_ path: String, fromLayer: Int, isDirectory: Bool) -> String {
        isDirectory
            ? "写时复制（copy-up）：先在容器层建出文件夹 /\(path)（空的，属主和权限与镜像里一样），里面的东西才能改动；"
                + "里面原有的文件不复制，仍留在镜像层。"
            : "写时复制（copy-up）：/\(path) 在修改前先从只读的第 \(fromLayer + 1) 层（从下往上数）复制到容器层，镜像层本身永远不会被修改。"
    }

    func whiteoutWritten(_ path: String, opaque: Bool) -> String {
        opaque
            ? "/\(path) 被删除后又重新创建：容器层把它标记为不透明（.wh..wh..opq）。"
            : "在容器中删除 /\(path)：容器层写入一个白障文件（whiteout，.wh.），遮住镜像中的那份。"
    }
}
