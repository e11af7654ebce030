import Foundation
import StaffDomain
import StaffLabels
import StaffStore

#if canImport(Glibc)
  import Glibc
#endif

/// The configured printer: a device (`printer_device`, e.g. /dev/usb/lp0) or a command
/// (`printer_command`, e.g. `lp -d counter`, the label on its standard input), the paper
/// (`printer_paper`, 58 or 80 mm) and what it is sent (`printer_format`: escpos, png or text).
public struct Printer: Sendable {
  public enum Target: Sendable, Equatable {
    case device(String)
    case command(String)
  }
  public enum Format: String, CaseIterable, Sendable { case escpos, png, text }

  public var target: Target?
  public var paper: ESCPOS.Paper
  public var format: Format
  /// How long a label may take to be taken by the device or the command.
  public var timeout: Double

  public init(target: Target?, paper: ESCPOS.Paper, format: Format, timeout: Double) {
    self.target = target
    self.paper = paper
    self.format = format
    self.timeout = timeout
  }

  /// The label's bytes in `format`.
  public static func render(_ label: Label, format: Format, paper: ESCPOS.Paper) throws -> [UInt8] {
    switch format {
    case .escpos: return try label.escpos(paper: paper)
    case .png: return try label.png(paper: paper)
    case .text: return Array(label.plainText().utf8)
    }
  }

  /// Prints what waits in `queue` (or job `only`) on this printer, on `paper` (default its own):
  /// each job rendered, sent, and marked printed or left pending with the reason.
  public func print(
    _ queue: PrintQueue, only: Int64?, paper: ESCPOS.Paper? = nil, by login: String?, terminal: String?, now: Timestamp,
    clock: (() -> Timestamp)? = nil
  ) throws -> PrintQueue.Outcome {
    let (format, paper) = (format, paper ?? self.paper)
    return try queue.run(
      only: only, by: login, terminal: terminal, now: now, clock: clock, render: { try Printer.render($0, format: format, paper: paper) },
      send: { try send($0) })
  }

  /// Sends the bytes; an error says what the person at the counter can do about it.
  public func send(_ bytes: [UInt8]) throws {
    switch target {
    case nil:
      throw StoreError.refused(.noPrinter)
    case .command(let command)?:
      if let error = CommandRunner.shell(command, input: bytes, timeout: timeout) {
        throw StoreError.refused(.printerCommandFailed, .text("\(error)"))
      }
    case .device(let path)?:
      try Printer.write(bytes, to: path, timeout: timeout)
    }
  }

  /// Writes to a printer's device without ever blocking past `timeout` (a printer out of paper
  /// stops taking bytes).
  public static func write(_ bytes: [UInt8], to path: String, timeout: Double) throws {
    let fd = Glibc.open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC | O_NONBLOCK | O_APPEND)
    guard fd >= 0 else {
      let why = String(cString: strerror(errno))
      throw StoreError.refused(.printerCannotOpen, .text(path), .text(why))
    }
    defer { close(fd) }
    var st = stat()
    guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) != S_IFDIR else { throw StoreError.refused(.printerDirectory, .text(path)) }
    let deadline = Monotonic.now() + timeout
    var sent = 0
    while sent < bytes.count {
      let n = bytes[sent...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
      if n > 0 {
        sent += n
        continue
      }
      guard n < 0, errno == EAGAIN || errno == EINTR else {
        throw StoreError.refused(.printerStopped, .text(path), .text(String(cString: strerror(errno))))
      }
      let left = deadline - Monotonic.now()
      guard left > 0 else { throw StoreError.refused(.printerTimeout, .text(path), .count(Int64(timeout))) }
      var p = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
      _ = poll(&p, 1, Int32(min(left, 1) * 1000))
    }
  }
}
