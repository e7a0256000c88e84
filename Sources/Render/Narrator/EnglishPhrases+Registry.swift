import OCI
import Trace

extension EnglishPhrases {
    func httpExchange(_ exchange: HTTPExchange) -> String {
        let (method, path, status, bytes) = (exchange.method, exchange.path, exchange.status, exchange.bytes)
        let meaning =
            switch status {
            case 200, 201, 202, 204, 206: "the registry agreed"
            case 401:
                "the registry first wants a token for this (it says so to any request without one, even after "
                    + "a login): the client gets one from the token service and asks again"
            case 404 where exchange.endpoint == .blobExists:
                "this repository does not have the blob (another repository may: then it is mounted, not sent)"
            case 404: "the registry does not have it"
            case 416: "the registry refused a chunk that was out of order"
            case 500...: "the registry failed; the request may be tried again"
            default: "the registry refused"
            }
        return "HTTP \(method) \(path) answered \(status) (\(bytes) bytes): \(meaning)."
    }

    func authStep(_ step: AuthStep) -> String {
        switch step.kind {
        case .challenged:
            step.scheme == "Bearer"
                ? "The registry asks for a token from \(step.realm ?? "its token service")"
                    + (step.scope.map { " for \($0)" } ?? "")
                    + ": token authentication begins, the way Docker Hub does it."
                : "The registry asks for a user name and password (Basic authentication)."
        case .tokenRequested:
            "A token is requested from \(step.realm ?? "the token service")"
                + (step.user.map { " as \($0)" } ?? " anonymously") + (step.scope.map { " for \($0)" } ?? "") + "."
        case .tokenReceived:
            "The token service issued a token; requests now carry it as `Authorization: Bearer`."
        case .basicCredentialsSent:
            "The user name \(step.user ?? "") and password are sent to the registry itself."
        case .refused:
            "The credentials were refused."
        }
    }

    func searchListed(_ listing: SearchListing) -> String {
        let names = listing.hits.prefix(3).map(\.name).joined(separator: ", ")
        return listing.hits.isEmpty
            ? "No repository of the registry matches \"\(listing.term)\"."
            : "\(listing.hits.count == 1 ? "1 repository matches" : "\(listing.hits.count) repositories match") "
                + "\"\(listing.term)\""
                + " (\(names)\(listing.hits.count > 3 ? ", …" : ""))"
                + ": pull one by its name, with its registry in front unless it is Docker Hub's, and a tag after "
                + "(REGISTRY/NAME:TAG)."
    }

    func pullLayer(_ digest: Digest, _ step: LayerTransferStep, layer: Digest?) -> String? {
        // pull names a layer by its blob; the store (the picture, rmi) by its chain ID.
        let stored = layer.flatMap { $0 == digest ? nil : " as layer \($0.shortID), its ID in the picture" } ?? ""
        return switch step {
        case .alreadyExists(let users):
            "Layer \(digest.shortID): Already exists. The store has this layer\(stored)"
                + (users.isEmpty ? "" : " (used by \(users.shortList))") + ", so it is shared, not downloaded again."
        case .pullingFsLayer: "Layer \(digest.shortID) is not in the store yet: it will be downloaded."
        case .downloadStarted(let size): "Downloading layer \(digest.shortID) (\(size) bytes)."
        case .retrying(let offset): "The download of layer \(digest.shortID) was cut; it resumes from byte \(offset)."
        case .downloadComplete:
            "Layer \(digest.shortID) downloaded, and its bytes hash to exactly its digest: it is what the manifest named."
        case .extracting: "Extracting layer \(digest.shortID) into its own diff folder."
        case .pullComplete: "Pull complete for layer \(digest.shortID): it is registered in the layer store\(stored)."
        default: nil
        }
    }

    func pushLayer(_ digest: Digest, _ step: LayerTransferStep, diffID: Digest?, layer chainID: Digest?) -> String? {
        // push prints the layer's diff ID; the registry knows the layer by its blob's digest, and the
        // store (the picture, rmi) by its chain ID, the diff ID itself for a bottom layer.
        let inPicture = chainID.flatMap { $0 == diffID ? nil : "; layer \($0.shortID) in the picture" } ?? ""
        let layer =
            diffID.map { "Layer \($0.shortID) (blob \(digest.shortID)\(inPicture))" } ?? "Blob \(digest.shortID)"
        return switch step {
        case .layerAlreadyExists:
            "\(layer): Layer already exists in this repository of the registry, so nothing is sent."
        case .mountedFrom(let repository):
            "\(layer): Mounted from \(repository): the registry keeps the blob for that repository and links "
                + "it into this one; no bytes are sent."
        case .pushed: "\(layer) pushed; the registry checked the blob's digest before accepting it."
        default: nil
        }
    }

    func imagePulled(_ reference: Reference, manifest: Digest, image: Digest, upToDate: Bool) -> String {
        (upToDate
            ? "Image is up to date for \(reference.familiarString)."
            : "Downloaded newer image for \(reference.familiarString).")
            + " Digest: \(manifest); image ID \(image.shortID) is the digest of its config, the same as on the registry."
    }

    func imagePushed(_ reference: Reference, manifest: Digest, size: Int64) -> String {
        "\(reference.tag ?? "latest"): digest: \(manifest) size: \(size). The registry now serves the image under "
            + "\(reference.familiarString)."
    }
}
