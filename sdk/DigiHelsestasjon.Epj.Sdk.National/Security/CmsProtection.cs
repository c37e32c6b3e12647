using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;

namespace DigiHelsestasjon.Epj.Sdk.National.Security;

/// <summary>The transport error conditions of HITS 1216 2.2.4, sent on the sender's error queue.</summary>
public static class TransportErrors
{
    public const string InvalidCms = "transport:invalid-cms-pkcs";
    public const string InvalidCertificate = "transport:invalid-certificate";
    public const string ExpiredCertificate = "transport:expired-certificate";
    public const string DecryptionFailed = "transport:decryption-failed";
    public const string InvalidSignature = "transport:invalid-signature";
    public const string RequiredFieldMissing = "transport:required-field-missing";
    public const string InvalidFieldValue = "transport:invalid-field-value";
    public const string NotWellFormedXml = "transport:not-well-formed-xml";
    public const string UnsupportedMessage = "transport:unsupported-message";
    public const string Spoofing = "abuse:spoofing-attack";
}

/// <summary>What opening a protected message gave: the content, or the error condition and why.</summary>
public sealed record OpenedContent(byte[]? Content, string? ErrorCondition = null, string? ErrorDescription = null, string? ErrorData = null)
{
    public bool Succeeded => Content is not null;
}

/// <summary>Sign then encrypt (HITS 1216 2.2.2): the business message is signed with the sender's signing certificate
/// (CMS SignedData, content inside) and the whole is encrypted to the receiver's encryption certificate (EnvelopedData).</summary>
public static class CmsProtection
{
    public static byte[] SignThenEncrypt(byte[] content, X509Certificate2 signer, X509Certificate2 recipient)
    {
        var signed = new SignedCms(new ContentInfo(content), detached: false);
        signed.ComputeSignature(new CmsSigner(SubjectIdentifierType.IssuerAndSerialNumber, signer) { IncludeOption = X509IncludeOption.EndCertOnly });
        var enveloped = new EnvelopedCms(new ContentInfo(signed.Encode()));
        enveloped.Encrypt(new CmsRecipient(SubjectIdentifierType.IssuerAndSerialNumber, recipient));
        return enveloped.Encode();
    }

    /// <summary>Decrypts with our encryption certificate and checks that the content was signed by
    /// <paramref name="expectedSigner"/> (the sender's signing certificate as we hold it): a valid signature by any other
    /// certificate is a spoofing attempt, not just a bad signature.</summary>
    public static OpenedContent DecryptThenVerify(byte[] payload, X509Certificate2 ownEncryption, X509Certificate2 expectedSigner, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(expectedSigner);
        var enveloped = new EnvelopedCms();
        try
        {
            enveloped.Decode(payload);
        }
        catch (CryptographicException)
        {
            return new OpenedContent(null, TransportErrors.InvalidCms, "Could not decrypt message because of invalid format to CMS/PKCS.");
        }

        try
        {
            enveloped.Decrypt(new X509Certificate2Collection(ownEncryption));
        }
        catch (CryptographicException)
        {
            return new OpenedContent(null, TransportErrors.InvalidCertificate, "Could not decrypt message because of unknown/incorrect certificate.",
                $"{{\"thumbprint\":{{\"expected\":\"{ownEncryption.Thumbprint}\"}}}}");
        }

        var signed = new SignedCms();
        try
        {
            signed.Decode(enveloped.ContentInfo.Content);
            signed.CheckSignature(verifySignatureOnly: true);
        }
        catch (CryptographicException)
        {
            return new OpenedContent(null, TransportErrors.InvalidSignature, "Digital signature could not be verified.");
        }

        var signer = signed.SignerInfos.Count == 1 ? signed.SignerInfos[0].Certificate : null;
        if (signer is null || !string.Equals(signer.Thumbprint, expectedSigner.Thumbprint, StringComparison.OrdinalIgnoreCase))
        {
            return new OpenedContent(null, TransportErrors.Spoofing, "Possible spoofing attack detected: the message is not signed with the sender's certificate.",
                $"{{\"thumbprint\":{{\"expected\":\"{expectedSigner.Thumbprint}\",\"actual\":\"{signer?.Thumbprint}\"}}}}");
        }

        if (now > signer.NotAfter || now < signer.NotBefore)
        {
            return new OpenedContent(null, TransportErrors.ExpiredCertificate, "The sender's signing certificate is not valid now.", $"\"{signer.Thumbprint}\"");
        }

        return new OpenedContent(signed.ContentInfo.Content);
    }
}
