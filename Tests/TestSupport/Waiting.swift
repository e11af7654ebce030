import Foundation
import Testing

/// How often `waitUntil` looks again: short against every deadline the tests use.
public let pollInterval: Duration = .milliseconds(10)

/// Polls `condition` until it holds or `timeout` seconds have passed. On timeout it records an
/// issue naming `what` was awaited and returns false, so the test can stop or go on.
@discardableResult
public func waitUntil(
  _ what: @autoclosure () -> String, timeout: Double = 10, interval: Duration = pollInterval,
  sourceLocation: SourceLocation = #_sourceLocation, _ condition: () throws -> Bool
) rethrows -> Bool {
  if try holds(within: timeout, interval: interval, condition) { return true }
  Issue.record("waited \(timeout) s for \(what()), in vain", sourceLocation: sourceLocation)
  return false
}

/// Polls `condition` until it holds (true) or `timeout` seconds have passed (false), recording
/// nothing: for a condition that may rightly never come.
public func holds(within timeout: Double, interval: Duration = pollInterval, _ condition: () throws -> Bool) rethrows -> Bool {
  // At most a year, and none for a negative or NaN timeout: Int64 would trap on an infinite one.
  let seconds = max(0, min(timeout, 365 * 86_400))
  let deadline = ContinuousClock.now + .nanoseconds(Int64(seconds * 1e9))
  while true {
    if try condition() { return true }
    if ContinuousClock.now >= deadline { return false }
    pause(interval)
  }
}

/// Blocks this thread for `duration`: the interval of a poll, or time that must pass for what a
/// test checks (a settle delay, a clock's tick); never a wait for something observable.
public func pause(_ duration: Duration) {
  let (seconds, attoseconds) = duration.components
  var request = timespec(tv_sec: Int(seconds), tv_nsec: Int(attoseconds / 1_000_000_000))
  var remaining = timespec()
  while nanosleep(&request, &remaining) == -1 && errno == EINTR { request = remaining }
}
