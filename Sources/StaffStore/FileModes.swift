#if canImport(Glibc)
  import Glibc
#endif

/// The modes of what the program creates: its own account's alone (files 0600, directories 0700),
/// whatever the umask, because the database, its backups, the camera's photos and the labels hold
/// orders, names and live pickup codes. One exception, deliberate: a database created in a
/// directory shared with a group and closed to everyone else (group may read and enter it, others
/// nothing, as SUPERVISORS OVER SSH sets `/var/lib/vgk-staff` up, 0750) is made readable by that
/// group (0640), and SQLite gives its `-wal` and `-shm` files the same mode.
public enum FileModes {
  public static let privateFile: mode_t = 0o600
  public static let privateDirectory: mode_t = 0o700
  public static let groupReadableFile: mode_t = 0o640

  /// The mode of a database created in `directory`.
  public static func database(inDirectory directory: String) -> mode_t {
    var st = stat()
    guard stat(directory, &st) == 0 else { return privateFile }
    let sharedWithGroup = st.st_mode & 0o050 == 0o050 && st.st_mode & 0o007 == 0
    return sharedWithGroup ? groupReadableFile : privateFile
  }

  /// Creates `path` empty with `mode` (not followed if it is a link, left alone if it exists).
  static func create(_ path: String, mode: mode_t) {
    let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode)
    guard fd >= 0 else { return }
    // Exactly `mode`, whatever the umask.
    _ = fchmod(fd, mode)
    close(fd)
  }
}
