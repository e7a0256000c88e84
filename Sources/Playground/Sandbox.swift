import Lessons
import Render

/// The playground's free level: busybox imported, an open registry, no goal.
enum Sandbox {
    static let lesson = Lesson(
        id: "sandbox", source: "sandbox", titles: [.zh: "沙盒", .en: "Sandbox"], registry: .open,
        fixtures: [.busyboxRootfs],
        steps: [
            .commands(
                Lesson.CommandBlock(commands: [["import", "rootfs.tar", "tour/busybox:1.0"]], hidden: true, line: 0))
        ])
}
