using System.Security.Cryptography;
using System.Text;

namespace DigiHelsestasjon.Epj.Sdk.National.Mapping;

/// <summary>The contract's ids are GUIDs; a MsgId on the national bus is any string (in practice a GUID). A MsgId that is
/// not a GUID becomes the same name-based GUID every time, so a duplicate is still recognised as one.</summary>
public static class NationalIds
{
    public static Guid ToGuid(string? msgId)
    {
        if (Guid.TryParse(msgId, out var guid))
        {
            return guid;
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(msgId ?? ""));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16));
    }

    public static Guid? ToGuidOrNull(string? msgId) => string.IsNullOrEmpty(msgId) ? null : ToGuid(msgId);
}
