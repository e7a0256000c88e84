import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// The CNCF distribution registry (Debian's `docker-registry`) started on a free loopback port,
/// with its storage in a temporary folder; stopped when the value goes away.
public final class DistributionRegistry: @unchecked Sendable {
    // @unchecked: `process` is set once in init and only read (terminate) afterwards.
    public let port: Int
    public let folder: TemporaryDirectory
    private let process: Process

    /// `registry:port`, as references name it.
    public var address: String { "127.0.0.1:\(port)" }

    /// Starts the registry; `htpasswd` (a bcrypt htpasswd file's contents) turns on Basic auth.
    public init(htpasswd: String? = nil) throws {
        guard let binary = TestEnvironment.which("docker-registry") else {
            throw PeerToolError(description: "docker-registry is not installed")
        }
        folder = TemporaryDirectory("distribution")
        port = try freeLoopbackPort()
        var config = """
            version: 0.1
            log:
              level: error
            storage:
              filesystem:
                rootdirectory: \(folder.path)/data
              delete:
                enabled: true
            http:
              addr: 127.0.0.1:\(port)

            """
        if let htpasswd {
            try folder.write("htpasswd", htpasswd)
            config += """
                auth:
                  htpasswd:
                    realm: layerlab-tests
                    path: \(folder.file("htpasswd"))

                """
        }
        try folder.write("config.yml", config)
        process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["serve", folder.file("config.yml")]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        try waitForPort(port)
    }

    deinit {
        process.terminate()
        process.waitUntilExit()
    }
}

/// A port no one listens on right now (bind to port 0 and ask which one the kernel chose).
public func freeLoopbackPort() throws -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw PeerToolError(description: "socket failed") }
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) { pointer in
        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
            bind(fd, socketAddress, length) == 0 && getsockname(fd, socketAddress, &length) == 0
        }
    }
    guard bound else { throw PeerToolError(description: "bind failed") }
    return Int(UInt16(bigEndian: address.sin_port))
}

/// Waits until something accepts connections on the loopback `port` (at most ten seconds).
public func waitForPort(_ port: Int) throws {
    for _ in 0..<200 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        let connected = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
        close(fd)
        if connected { return }
        usleep(50_000)
    }
    throw PeerToolError(description: "nothing listens on 127.0.0.1:\(port)")
}
