# [Security.Principal.WindowsIdentity]::GetCurrent() throws on Linux ("Windows Principal functionality is not
# supported"). PowerShell resolves a type name as written before trying "System." + name, so types named exactly
# Security.Principal.* (no System.) shadow the real ones for every script compiled after this ran. Once per process.
if (-not ('FerryStub.IdentityMarker' -as [type])) {
  Add-Type -TypeDefinition @'
namespace FerryStub { public static class IdentityMarker { } }
namespace Security.Principal {
  public enum WindowsBuiltInRole { Administrator = 544, User = 545 }
  public sealed class WindowsIdentity {
    public static WindowsIdentity GetCurrent() { return new WindowsIdentity(); }
  }
  public sealed class WindowsPrincipal {
    public static bool Admin = true;
    public WindowsPrincipal(WindowsIdentity identity) { }
    public bool IsInRole(WindowsBuiltInRole role) { return role == WindowsBuiltInRole.Administrator ? Admin : true; }
  }
}
'@
}
