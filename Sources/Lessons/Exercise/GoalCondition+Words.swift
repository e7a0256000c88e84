import Render
import Trace

extension GoalCondition {
    /// The condition as a sentence for the learner, in `language`.
    public func words(_ language: Language) -> String {
        switch language {
        case .zh: chinese
        case .en: english
        }
    }

    private var english: String {
        switch self {
        case .image(let name): "an image is named \(name)"
        case .noImage(let name): "no image is named \(name)"
        case .removed(let name): "you removed \(name) (rmi), and no image has that name now"
        case .deleted(let name): "rmi \(name) deleted its image, not only the name"
        case .sameImage(let a, let b): "\(a) and \(b) are one image"
        case .sharedLayer(let a, let b): "\(a) and \(b) share a layer"
        case .layerCount(let name, let count): "\(name) has \(count) layer\(count == 1 ? "" : "s")"
        case .dangling(let count): "\(count) image\(count == 1 ? " is" : "s are") dangling (<none>:<none>)"
        case .container(let name): "a container is named \(name)"
        case .noContainer(let name): "no container is named \(name)"
        case .containerCount(let count):
            count == 0 ? "no container is left" : "\(count) container\(count == 1 ? " exists" : "s exist")"
        case .containersRemoved: "you removed the container you used (rm), and none is left"
        case .emptyStore: "nothing is left in the store: no image, layer or container"
        case .rmiRefused(.child): "an rmi was refused: another image is built on it"
        case .rmiRefused(.container): "an rmi was refused: a container uses the image"
        case .pushReused: "a push found a layer the registry already had"
        case .pulled(let name): "\(name) was pulled"
        case .buildAllCached: "a build took every step from the cache"
        case .ran(let kind, let subject): "`\([kind.rawValue, subject].compactMap { $0 }.joined(separator: " "))` ran"
        }
    }

    private var chinese: String {
        switch self {
        case .image(let name): "有名为 \(name) 的镜像"
        case .noImage(let name): "没有名为 \(name) 的镜像"
        case .removed(let name): "你用 rmi 删掉了 \(name)，现在没有镜像叫这个名字"
        case .deleted(let name): "rmi \(name) 删除了它的镜像，而不只是名字"
        case .sameImage(let a, let b): "\(a) 和 \(b) 是同一个镜像"
        case .sharedLayer(let a, let b): "\(a) 和 \(b) 共享一个镜像层"
        case .layerCount(let name, let count): "\(name) 有 \(count) 个镜像层"
        case .dangling(let count): "有 \(count) 个悬空镜像（<none>:<none>）"
        case .container(let name): "有名为 \(name) 的容器"
        case .noContainer(let name): "没有名为 \(name) 的容器"
        case .containerCount(let count): count == 0 ? "没有剩下的容器" : "有 \(count) 个容器"
        case .containersRemoved: "你用 rm 删掉了用过的容器，没有剩下的容器"
        case .emptyStore: "存储里什么都不剩：没有镜像、镜像层，也没有容器"
        case .rmiRefused(.child): "一次 rmi 被拒绝：有其他镜像依赖它"
        case .rmiRefused(.container): "一次 rmi 被拒绝：有容器在使用这个镜像"
        case .pushReused: "一次推送发现镜像仓库里已经有某个镜像层"
        case .pulled(let name): "拉取了 \(name)"
        case .buildAllCached: "一次构建的每一步都用了缓存"
        case .ran(let kind, let subject): "运行了 `\([kind.rawValue, subject].compactMap { $0 }.joined(separator: " "))`"
        }
    }
}
