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
            if steps > 0 && cached == steps {
                return "构建了 \(image)，\(start)。FROM 之后的每一步都用了缓存：没有步骤重新运行，也没有产生新的镜像层。"
            }
            let added =
                switch newLayers {
                case 0: "FROM 之后的 \(steps) 步都没有添加镜像层"
                case steps: "FROM 之后的 \(steps) 步各添加了一个新镜像层"
                default: "FROM 之后的 \(steps) 步中有 \(newLayers) 步各添加了一个新镜像层"
                }
            return "构建了 \(image)，\(start)：\(added)" + (cached > 0 ? "；有 \(cached) 步用了缓存，没有运行。" : "。")
        case .committed(let container, let image, let addedLayer):
            guard addedLayer else {
                return "容器 \(container) 没有改动任何文件，所以新镜像 \(called(image)) 没有增加镜像层：它只有容器所用镜像的那些层。"
            }
            return "容器 \(container) 改动的内容被复制成一个新的镜像层，叠在它所用镜像的各层之上：新镜像 \(called(image)) 就是那些层再加上这一层。"
                + "容器自己那份改动还在，直到 rm 删除容器。"
        case .named(let name, let source, let movedFrom, let latestImplied):
            return "\(name.familiarString) 现在和 \(source) 指向同一个镜像：仍然只有一个镜像，什么也没有复制。"
                + (latestImplied ? "（名字里没写标签，标签就是 latest。）" : "")
                + (movedFrom.map {
                    "\(name.familiarString) 原来指向 \(called($0))；那个镜像还在"
                        + ($0.name == nil ? "，但已经一个名字也没有了：成了悬空镜像（dangling），images 里显示为 <none> <none>。" : "。")
                } ?? "")
        case .removed(let names, let images, let pruned, let layers, let keptLayers, let keepers):
            let what = names.isEmpty ? "这个镜像" : names.familiarListZh
            var sentence =
                "\(what) 没有了：删除了\(images == 1 ? "它的镜像" : "它们的 \(images) 个镜像")"
                + (pruned > 0 ? "、构建时产生的 \(pruned) 个中间镜像" : "")
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
        case .pushed(let reference, let sent, let existing, let mounted):
            var notSent: [String] = []
            if existing > 0 { notSent.append("其中 \(existing) 个它本来就有（Layer already exists）") }
            if mounted > 0 { notSent.append("\(mounted) 个从它的另一个仓库链接过来（Mounted from）") }
            return "推送了 \(reference.familiarString)：发送了 \(sent) 个镜像层"
                + (notSent.isEmpty ? "。" : "；其余的镜像仓库已经有了：\(notSent.joined(separator: "，"))，没有再发送。")
        case .ran(let container, let image, let exitCode, let layerSize, let background):
            let said =
                background
                ? "容器 \(container) 基于 \(called(image)) 在后台启动：命令写下的文件都会进入属于容器自己的一层改动里；镜像本身不会改变。"
                : layerSize == 0
                    ? "容器 \(container) 基于 \(called(image)) 运行了：命令没有改动任何文件，所以容器自己那一层改动是空的；镜像本身没有改变。"
                    : "容器 \(container) 基于 \(called(image)) 运行了：命令写下的文件都进了属于容器自己的一层改动里；镜像本身没有改变。"
            return said + (exitCode.map(Self.failure) ?? "")
        case .created(let container, let image):
            return "基于 \(called(image)) 创建了容器 \(container)，上面叠着一个属于它自己的空层，用来放它的命令将要做的改动。"
                + "还没有运行任何东西：start 才会运行它的命令。"
        case .started(let container, let exitCode):
            guard let exitCode else {
                return "容器 \(container) 的命令在后台再次运行，用的还是容器自己的那层改动：它之前改动的内容都还在。"
            }
            return "容器 \(container) 的命令又运行了一次，用的还是容器自己的那层改动：它之前改动的内容都还在。" + Self.failure(exitCode)
        case .stopped(let container, let exitCode):
            return "容器 \(container) 的命令结束了"
                + (ExitSignal.name(exitCode).map { "（信号 \($0)）" } ?? "（退出状态 \(exitCode)）")
                + "。容器和它改动过的文件都还在，直到 rm 删除它。"
        case .loggedIn(let registry):
            return "\(registry) 接受了用户名和密码；它们被保存下来，以后推送和拉取时使用。"
        case .removedContainers(let names, let images):
            let ranOn = images.map(called).joined(separator: "、")
            return "删除了容器 \(names.joined(separator: "、")) 和它做的改动（它自己的那一层）；"
                + (images.isEmpty ? "镜像保持原样。" : "它所基于的镜像 \(ranOn) 保持原样。")
        case .exported(let container, let destination):
            return "把容器 \(container) 看到的文件写入了\(destination == "-" ? "输出" : " \(destination)")：一个扁平的 tar，"
                + "没有镜像层（save 才保留镜像的各层）。"
        case .inspected(let objects):
            return objects.map { object in
                object.kind == .image
                    ? "镜像 \(object.requested) 的详细信息（JSON）：RootFS.Layers 从下往上列出它的 \(object.layers?.count ?? 0) 个镜像层，"
                        + "Config 是容器启动时用的设置。"
                    : "容器 \(object.requested) 的详细信息（JSON）：它的状态、它的镜像，以及它自己那一层改动在磁盘上的位置（GraphDriver 的 UpperDir）。"
            }.joined()
        case .searched(let listing):
            return searchListed(listing)
        case .listedImages(let images, let names, let listed, let stored):
            let subject = "共 \(images) 个镜像" + (names > images ? "（\(names) 个名字，每个名字一行）" : "")
            guard listed != stored else { return "\(subject)，磁盘上占 \(ByteCount.docker(stored))。" }
            return "\(subject)。SIZE 一列加起来是 \(ByteCount.docker(listed))，因为每一行都把它那个镜像的各层全算一遍；"
                + "但一个镜像层不管被几个镜像用，都只存一份：磁盘上实际占 \(ByteCount.docker(stored))。"
        case .listedHistory(let name, let steps, let layers, let base, let baseSteps):
            let which =
                base.map { "它自己的 \(steps - baseSteps) 步，加上 \($0.familiarString) 的 \(baseSteps) 步" } ?? "\(steps) 步"
            let added = layers == steps ? "每一步都添加了一个镜像层" : "其中 \(layers) 步各添加了一个镜像层，其余步骤只改了设置（比如 CMD、ENV）"
            return "\(name) 的历史共 \(steps) 步（最新的在上）：\(which)；\(added)。"
        case .changesListed(let container, let added, let changed, let deleted):
            guard added + changed + deleted > 0 else {
                return "容器 \(container) 相对它的镜像什么也没改：提交（commit）它不会增加镜像层。"
            }
            return "容器 \(container) 相对它的镜像改动了 \(added + changed + deleted) 处：新增 \(added)、改动 \(changed)、"
                + "删除 \(deleted)。这些都在容器自己的那一层里；提交（commit）会把正是这些做成一个新的镜像层。"
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

    /// 命令失败时多说一句；被信号结束（stop、kill）不算失败。
    private static func failure(_ exitCode: Int32) -> String {
        exitCode == 0 || ExitSignal.name(exitCode) != nil ? "" : "它的命令失败了（退出状态 \(exitCode)）。"
    }

    private func called(_ image: CommandGist.ImageCalled) -> String {
        image.name.map(\.familiarString) ?? "镜像 \(image.id.shortID)"
    }
}
