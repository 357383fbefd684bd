#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The wire between sfn and its supervisor process, and between sfn and each reaper: one
/// SOCK_SEQPACKET socket each. A request is a spawn (`SpawnRequest`: argv, environment, directory,
/// whether to search PATH) with the command's descriptors attached (SCM_RIGHTS): stdin, stdout, stderr,
/// then the heartbeat fd when there is one; one sent to the supervisor (for a new reaper) carries
/// the reaper's end of its socket last. The reaper answers on its socket with two 4-byte messages:
/// the pid (or minus an errno, and nothing more) once the command runs, and its wait status when
/// the command and what it left have ended. End-of-file before either means the reaper (or the
/// supervisor, before it forked one) is gone. sfn reads both on its event loop: the task that
/// asked does not wait for the answer.
enum SupervisorMessages {
    /// Sends `payload` with `fds`; false when the socket is closed or broken.
    static func send(_ socket: Int32, _ payload: [UInt8], fds: [Int32]) -> Bool {
        var payload = payload
        if payload.isEmpty { payload = [0] }
        let space = controlSpace(fds.count)
        var control = [UInt8](repeating: 0, count: fds.isEmpty ? 0 : space)
        if !fds.isEmpty {
            control.withUnsafeMutableBytes { raw in
                let header = raw.baseAddress!.assumingMemoryBound(to: cmsghdr.self)
                header.pointee.cmsg_level = SOL_SOCKET
                header.pointee.cmsg_type = Int32(SCM_RIGHTS)
                header.pointee.cmsg_len = numericCast(controlLength(fds.count))
                let data = raw.baseAddress!.advanced(by: headerSize).assumingMemoryBound(to: Int32.self)
                for (i, fd) in fds.enumerated() { data[i] = fd }
            }
        }
        return payload.withUnsafeMutableBytes { body in
            control.withUnsafeMutableBytes { ctl in
                var iov = iovec(iov_base: body.baseAddress, iov_len: body.count)
                return withUnsafeMutablePointer(to: &iov) { iovp in
                    var msg = msghdr()
                    msg.msg_iov = iovp
                    msg.msg_iovlen = 1
                    if !fds.isEmpty {
                        msg.msg_control = ctl.baseAddress
                        msg.msg_controllen = numericCast(ctl.count)
                    }
                    while true {
                        let n = sendmsg(socket, &msg, Int32(MSG_NOSIGNAL))
                        if n < 0 && errno == EINTR { continue }
                        return n > 0
                    }
                }
            }
        }
    }

    /// Receives one message and the descriptors attached to it (close-on-exec); nil at EOF or
    /// on error.
    static func receive(_ socket: Int32) -> (payload: [UInt8], fds: [Int32])? {
        // The message's size first (a datagram's full length, with MSG_TRUNC), so a buffer of
        // exactly that size is made, not a large one zeroed for every message.
        var size = 0
        while true {
            size = recv(socket, nil, 0, Int32(MSG_PEEK | MSG_TRUNC))
            if size < 0 && errno == EINTR { continue }
            break
        }
        guard size > 0 else { return nil }
        var body = [UInt8](repeating: 0, count: size)
        var control = [UInt8](repeating: 0, count: controlSpace(8))
        let received: Int = body.withUnsafeMutableBytes { b in
            control.withUnsafeMutableBytes { ctl in
                var iov = iovec(iov_base: b.baseAddress, iov_len: b.count)
                return withUnsafeMutablePointer(to: &iov) { iovp in
                    var msg = msghdr()
                    msg.msg_iov = iovp
                    msg.msg_iovlen = 1
                    msg.msg_control = ctl.baseAddress
                    msg.msg_controllen = numericCast(ctl.count)
                    while true {
                        let n = recvmsg(socket, &msg, Int32(MSG_CMSG_CLOEXEC))
                        if n < 0 && errno == EINTR { continue }
                        return n
                    }
                }
            }
        }
        guard received > 0 else { return nil }
        var fds: [Int32] = []
        control.withUnsafeBytes { raw in
            let header = raw.baseAddress!.assumingMemoryBound(to: cmsghdr.self)
            guard header.pointee.cmsg_level == SOL_SOCKET, header.pointee.cmsg_type == Int32(SCM_RIGHTS) else {
                return
            }
            let count = (Int(header.pointee.cmsg_len) - headerSize) / MemoryLayout<Int32>.size
            let data = raw.baseAddress!.advanced(by: headerSize).assumingMemoryBound(to: Int32.self)
            for i in 0..<max(0, min(count, 8)) { fds.append(data[i]) }
        }
        return (Array(body[0..<received]), fds)
    }

    /// CMSG_LEN and CMSG_SPACE, which Swift does not import (they are macros).
    private static let headerSize = (MemoryLayout<cmsghdr>.size + 7) & ~7
    private static func controlLength(_ n: Int) -> Int { headerSize + n * MemoryLayout<Int32>.size }
    private static func controlSpace(_ n: Int) -> Int { (controlLength(n) + 7) & ~7 }
}
