import GRDB
import StaffDomain

extension Database {
  /// The acting staff member, as the staff table has it inside this transaction, when
  /// `Access.table` gives their role `permission`. An unknown login is bad input; an inactive
  /// account, or a role the table does not allow, is refused (`login: a clerk may not unlock
  /// orders`), so nothing is written. Every write that acts for a person calls this first.
  @discardableResult
  func require(_ permission: Permission, by login: String) throws -> StaffMember {
    let member = try StaffMember.find(login, self)
    guard Access.allows(member.role, permission) else { throw Access.refused(member.login, member.role, permission) }
    return member
  }
}

extension Access {
  /// The refusal of `permission` to `login`, whose role is `role`, in the store's words.
  static func refused(_ login: String, _ role: StaffRole, _ permission: Permission) -> StoreError {
    StoreError.refused(.prefixed, .text(login), .message(Access.refusal(role, permission)))
  }
}
