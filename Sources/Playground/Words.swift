import Foundation
import Render

/// The playground's own answers in the command box, in each language.
struct Words {
    let help: String
    let undone: String
    let nothingToUndo: String
    let noHints: String
    let sandboxHasNoGoal: String
    let noSuchLevelFormat: String

    func noSuchLevel(_ name: String) -> String { noSuchLevelFormat.replacingOccurrences(of: "%@", with: name) }

    init(_ language: Language) {
        switch language {
        case .zh:
            help = """
                输入 layerlab 的命令（也可以用 docker 开头），例如 images、run、commit、build、tag、push、rmi。
                playground 自己的命令：
                  levels          列出关卡          level N       打开第 N 关
                  sandbox         自由练习          reset         重新开始本关
                  undo            撤销上一条命令    hint          给一个提示
                  show goal       目标的完成情况    show solution 参考答案
                $REGISTRY 是本关的镜像仓库地址。
                """
            undone = "已撤销上一条命令。"
            nothingToUndo = "没有可以撤销的命令。"
            noHints = "本关没有提示。"
            sandboxHasNoGoal = "沙盒没有目标：随便试。"
            noSuchLevelFormat = "没有关卡 %@；输入 levels 查看全部关卡。"
        case .en:
            help = """
                Type layerlab commands (or start them with docker): images, run, commit, build, tag, push, rmi, …
                The playground's own commands:
                  levels          list the levels      level N        open level N
                  sandbox         play freely          reset          start this level again
                  undo            undo the last command  hint         give a hint
                  show goal       how far the goal is  show solution  the reference solution
                $REGISTRY is this level's registry.
                """
            undone = "The last command is undone."
            nothingToUndo = "There is no command to undo."
            noHints = "This level has no hints."
            sandboxHasNoGoal = "The sandbox has no goal: try anything."
            noSuchLevelFormat = "There is no level %@; type levels to see them all."
        }
    }
}
