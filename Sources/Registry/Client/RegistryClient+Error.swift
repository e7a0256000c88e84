import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

extension RegistryClient {
    /// Turns an unexpected answer into an error carrying the registry's own reasons (its error body).
    /// - Parameter notFound: the message for a 404, where Docker has words of its own.
    func failure(_ response: HTTPClientResponse, _ what: String, notFound: String? = nil) async -> RegistryError {
        let body = try? await response.body.collect(upTo: 1 << 16)
        let errors =
            body.flatMap { try? JSONDecoder().decode(DistributionErrorBody.self, from: Data($0.readableBytesView)) }?
            .errors ?? []
        let status = Int(response.status.code)
        let code: RegistryError.Code =
            switch status {
            case 401, 403: .unauthorized
            case 404: .notFound
            case 413: .tooLarge
            case 500...: .transport
            default:
                errors.contains { $0.code == DistributionError.digestInvalid } ? .digestMismatch : .refused
            }
        if status == 401 || status == 403 {
            // Docker's words, with what was refused and what to do about it.
            let message =
                credentials == nil
                ? "unauthorized: authentication required (\(what) on \(registry); run `layerlab login \(registry)` first)"
                : "denied: requested access to the resource is denied (\(what) on \(registry))"
            return RegistryError(code, message, status: status)
        }
        if status == 404, let notFound { return RegistryError(code, notFound, status: status, errors: errors) }
        return RegistryError(
            code, "\(what): \(registry) answered \(status) \(response.status.reasonPhrase)", status: status,
            errors: errors)
    }
}

extension RegistryClient {
    /// What went wrong with a connection, in words a user can act on: a registry that fell
    /// silent names the wait and how to lengthen it, redirects name their limit (R-C2).
    func describeTransportFailure(_ error: any Error) -> String {
        guard let failure = error as? HTTPClientError else { return "\(error)" }
        switch failure {
        case .readTimeout:
            return "the registry stopped sending and its read time-out passed (wait longer with --timeout SECONDS)"
        case .redirectLimitReached:
            return "more than \(Self.maxRedirects) redirects"
        case .redirectCycleDetected:
            return "redirects that lead in a circle"
        default:
            return "\(error)"
        }
    }

    /// The host a connection could not be made to because its name did not resolve, when that was
    /// the only failure (no address was tried and refused).
    static func unresolvedHost(_ error: any Error) -> String? {
        if let failure = error as? NIOConnectionError, failure.connectionErrors.isEmpty,
            (failure.dnsAError ?? failure.dnsAAAAError) != nil
        {
            return failure.host
        }
        return (error as? SocketAddressError.UnknownHost)?.host
    }
}
