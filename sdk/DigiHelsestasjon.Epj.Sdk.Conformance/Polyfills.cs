#if NETSTANDARD2_0
namespace System.Runtime.CompilerServices
{
    // Lets netstandard2.0 use init-only properties (records).
    internal static class IsExternalInit
    {
    }
}
#endif
