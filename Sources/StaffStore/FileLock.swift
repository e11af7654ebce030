#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// An advisory `flock(2)` on a side file, held around every write transaction and every
/// checkpoint-capable moment (open, migrate, close). Reason: SQLite before 3.51.3 (Debian 12 has
/// 3.40.1) can corrupt a WAL database when two connections in different processes write or
/// checkpoint at the same moment (the "WAL-reset" bug). Taking turns on this lock means no two
/// processes of ours ever do.
///
/// flock locks belong to the open file description, so each `FileLock` opens its own descriptor;
/// callers inside one process must serialise their own use of one instance (AppDatabase does, on
/// GRDB's writer queue).
final class FileLock: @unchecked Sendable {
  let path: String
  private let fd: Int32

  init(path: String) throws(StoreError) {
    self.path = path
    let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
    guard fd >= 0 else {
      throw StoreError.notWritable(path: path, reason: String(cString: strerror(errno)))
    }
    self.fd = fd
  }

  deinit { close(fd) }

  func withExclusive<T>(_ body: () throws -> T) throws -> T {
    while flock(fd, LOCK_EX) != 0 {
      guard errno == EINTR else {
        throw StoreError.internal("cannot lock \(path): \(String(cString: strerror(errno)))")
      }
    }
    defer { _ = flock(fd, LOCK_UN) }
    return try body()
  }
}
