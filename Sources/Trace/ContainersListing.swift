import OCI

/// What `docker ps` listed, and what it left out: every container of the store, so a view can say
/// that a stopped one is hidden without `-a`, and that it still holds its read-write layer and
/// its image.
public struct ContainersListing: Codable, Sendable, Equatable {
    public struct Container: Codable, Sendable, Equatable {
        /// The full 64-hex container ID.
        public var id: String
        public var name: String
        public var image: Digest
        public var running: Bool
        /// Its image was deleted (`rmi -f`) while it kept the image's layers. Absent in older traces.
        public var imageDeleted: Bool?
        /// It was created and never started (`ps` says `Created`, not `Exited`). Absent in older traces.
        public var neverStarted: Bool?

        public init(
            id: String, name: String, image: Digest, running: Bool, imageDeleted: Bool? = nil, neverStarted: Bool? = nil
        ) {
            self.id = id
            self.name = name
            self.image = image
            self.running = running
            self.imageDeleted = imageDeleted
            self.neverStarted = neverStarted
        }
    }

    /// Every container, listed or not.
    public var containers: [Container]
    /// `-a`: stopped containers are listed too.
    public var all: Bool

    public init(containers: [Container], all: Bool) {
        self.containers = containers
        self.all = all
    }

    public var running: Int { containers.filter(\.running).count }
    /// Not running: exited, or created and never started.
    public var stopped: Int { containers.count - running }
    /// Of the stopped ones, those created and never started.
    public var neverStarted: Int { containers.filter { $0.neverStarted == true }.count }
    /// The containers whose image `rmi -f` deleted.
    public var withoutImage: [Container] { containers.filter { $0.imageDeleted == true } }
    /// The rows the table showed.
    public var listed: Int { all ? containers.count : running }
}
