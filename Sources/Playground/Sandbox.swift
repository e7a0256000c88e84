import Lessons
import Render

/// The playground's free level: busybox imported, an open registry, no goal, and two folders to
/// build, on the one base, for an experiment with shared layers (`build -t a:1 app`, `build -t
/// b:1 web`, then `rmi` one of them).
enum Sandbox {
    static let lesson = Lesson(
        id: "sandbox", source: "sandbox", titles: [.zh: "沙盒", .en: "Sandbox"], registry: .open,
        fixtures: [.busyboxRootfs],
        steps: [
            .commands(
                Lesson.CommandBlock(commands: [["import", "rootfs.tar", "tour/busybox:1.0"]], hidden: true, line: 0)),
            .file(path: "app/Dockerfile", content: "FROM tour/busybox:1.0\nRUN echo app > /app.txt\n", line: 0),
            .file(
                path: "web/Dockerfile",
                content: "FROM tour/busybox:1.0\nRUN mkdir /www\nCOPY index.html /www/index.html\n", line: 0),
            .file(path: "web/index.html", content: "<h1>hello from the sandbox</h1>\n", line: 0),
        ])
}
