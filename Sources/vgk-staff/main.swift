import ArgumentParser
import Foundation
import StaffDomain
import StaffServices
import StaffStore

#if canImport(Glibc)
  import Glibc
#endif

// Exit codes (vgk-staff(1), EXIT STATUS): 0 ok, 1 refused or found nothing, 2 bad usage or bad input,
// 3 internal error. ArgumentParser's own usage errors (64) are mapped to 2.
// Whatever this program creates is its account's alone unless it says otherwise (FileModes):
// the database, its backups, photos and labels hold orders, names and pickup codes.
umask(0o077)
let arguments = hoistingGlobalOptions(Array(CommandLine.arguments.dropFirst()))
if let message = VGKStaff.unknownSubcommand(arguments) {
  printError(message)
  exit(2)
}
do {
  var command = try VGKStaff.parseAsRoot(arguments)
  try command.run()
  exit(0)
} catch let error as StoreError {
  printError("vgk-staff: " + error.message.text(Output.language))
  exit(error.exitCode)
} catch let error as TaskRefusal {
  printError("vgk-staff: " + error.reason.text(Output.language))
  exit(error.kind == .reasonInvalid ? 2 : 1)
} catch let error as ImportFileError {
  for line in error.lines { printError(line) }
  printError("vgk-staff: nothing was imported from \(error.file) (\(error.issues.count) problem\(error.issues.count == 1 ? "" : "s"))")
  exit(2)
} catch let error as ExitCode {
  exit(error.rawValue)
} catch {
  let code = VGKStaff.exitCode(for: error)
  let message = VGKStaff.fullMessage(for: error)
  if code == .success {
    print(message)
    exit(0)
  }
  if code == .validationFailure || error is ValidationError {
    printError(message)
    exit(2)
  }
  printError("vgk-staff: internal error: \(message)")
  exit(3)
}

/// `vgk-staff --db X init …` must mean what `vgk-staff init … --db X` means (the man page puts
/// global options first), but ArgumentParser would hand a leading `--db` to the default
/// subcommand. So global options found before the subcommand are moved after it.
func hoistingGlobalOptions(_ args: [String]) -> [String] {
  var leading: [String] = []
  var rest = args[...]
  while let first = rest.first {
    if first == "--db" || first == "--config" {
      leading.append(first)
      rest = rest.dropFirst()
      if let value = rest.first {
        leading.append(value)
        rest = rest.dropFirst()
      }
    } else if first.hasPrefix("--db=") || first.hasPrefix("--config=") {
      leading.append(first)
      rest = rest.dropFirst()
    } else {
      break
    }
  }
  guard !leading.isEmpty else { return args }
  var tail = Array(rest)
  let end = tail.firstIndex(of: "--") ?? tail.endIndex
  tail.insert(contentsOf: leading, at: end)
  return tail
}
