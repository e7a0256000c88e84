extension ChinesePhrases {
    func explain(_ term: Term) -> String {
        switch term {
        case .layer:
            "镜像层（layer）：一组只读的文件变更。镜像就是一层层叠起来的；不管多少镜像用到它，存储里每一层只保存一份，"
                + "放在它自己的 diff 文件夹（overlay2/<id>/diff）里。"
        case .blob:
            "blob：打包成压缩 tar 的镜像层，以摘要（内容的 SHA-256）命名；镜像层在本地和镜像仓库之间传输时就是这个样子。"
                + "所以终端和图里对同一个镜像层用的 ID 不一样：pull 打印 blob 的摘要，push 打印 diff ID（未压缩 tar 的摘要），"
                + "图和 rmi 用存储里的 chain ID（把下面各层也算在内）。鼠标指着终端里的 ID，就能在图里找到那一层。"
        case .imageID:
            "镜像 ID：镜像配置（列出各层和设置的 JSON）的 SHA-256。配置里改一个字节，就是另一个镜像。"
        case .sharedLayer:
            "共享层：基于同一个基础镜像的镜像建立在相同的镜像层上，这些层在磁盘上只存一份，不会再复制，也不会再下载。"
        case .tag:
            "名字与标签（tag）：镜像的名字写作“仓库名:标签”，比如 tour/busybox:1.0；不写标签就是 latest。"
                + "名字指向一个镜像 ID；一个镜像可以有多个名字。"
        case .dangling:
            "悬空镜像（dangling）：没有名字的镜像——要么从没起过名字（构建时没加 -t），要么名字被移到了别的镜像上，"
                + "要么 rmi 去掉了名字、而正在运行的容器还需要它。它的层还在，在 `images` 里显示为 <none>:<none>。"
        case .readWriteLayer:
            "可读写层：容器自己的一层，一开始是空的，叠在镜像的只读层之上。容器写的东西都落在这一层；镜像本身永远不变。"
        case .intermediateContainer:
            "中间容器：经典构建器在一个临时容器里执行一步，把它的改动提交成这一步的镜像，再删掉它"
                + "（Running in …，Removing intermediate container …）。"
        case .intermediateImage:
            "中间镜像：经典构建的每一步都留下一个没有名字的镜像，它是下一步镜像的父镜像。`images -a` 把它们列为 <none>；"
                + "下次构建靠它们使用缓存，删除最终镜像时它们也一起删除。"
        case .emptyLayer:
            "空层（empty layer）：Docker 对只改设置的步骤（ENV、LABEL、CMD 等）的叫法。名字叫“层”，这种步骤其实"
                + "不产生任何镜像层；`history` 里它是一行 0B。（真正产生了镜像层的步骤，如果只改了目录或只删了文件，也可能显示 0B。）"
        case .buildCache:
            "构建缓存：如果之前的构建在同一个父镜像上执行过同样的指令，这一步就跳过，直接复用当时得到的镜像。"
        case .copyUp:
            "写时复制（copy-up）：容器要改一个来自下层的文件时，先把整个文件复制到自己的可读写层再改；下层保持原样。"
        case .whiteout:
            "白障（whiteout）：上层里的一个标记文件（.wh.文件名），把下层的同名文件遮住；镜像层的 tar 包和 layerlab 的存储都这样记"
                + "（Docker 的 overlay2 下，内核的 overlayfs 用一个 0/0 字符设备来标记）。删文件不会让镜像变小：下层里它还在。"
        case .unionFileSystem:
            "联合文件系统：把各层叠在一起，上层遮住下层的同名路径，看起来是一个文件夹（Docker 用内核的 overlayfs 做这件事）。"
        case .manifest:
            "清单（manifest）：镜像仓库里列出镜像配置和各层 blob 摘要的文档。`Digest:` 是清单自己的摘要，不是镜像 ID。"
        case .mount:
            "挂载（mount）：镜像仓库在另一个仓库名下已经有这个 blob，直接关联过来，不用再接收一遍。"
        case .parentImage:
            "父镜像：构建或提交会记下它的起点镜像。只要还有子镜像建在它上面，父镜像就删不掉，加 -f 也不行。"
        }
    }
}
