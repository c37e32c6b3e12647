using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace DigiHelsestasjon.Epj.Sdk.National.Security;

/// <summary>A party's two certificates (HITS 1216: one to sign with, one others encrypt to). Ours carry private keys;
/// a counterpart's are public only.</summary>
public sealed record PartyCertificates(X509Certificate2 Signing, X509Certificate2 Encryption);

/// <summary>Certificates by HER-id, kept as files in one folder: <c>{herId}-signing.pfx</c> and <c>{herId}-encryption.pfx</c>
/// for a party whose private keys we hold, <c>{herId}-signing.cer</c> and <c>{herId}-encryption.cer</c> for a
/// counterpart's public certificates (what a municipality gets from NHN's address register or its vendor).
/// <see cref="Own"/> makes a self-signed test pair when none exists: for the simulators, the demo and the tests,
/// never for production (the operations guide says where real ones go). Our public halves are written beside ours as
/// <c>.cer</c>, the files a counterpart needs.</summary>
public sealed class PartyCertificateFolder(string folder, string? pfxPassword = null, TimeProvider? time = null)
{
    private readonly ConcurrentDictionary<string, PartyCertificates> cache = new(StringComparer.Ordinal);

    public string Folder => folder;

    /// <summary>Our certificates (private keys), made as test certificates when <paramref name="createIfMissing"/>.</summary>
    public PartyCertificates Own(string herId, bool createIfMissing) => cache.GetOrAdd("own:" + herId, _ => new PartyCertificates(
        LoadOrCreate(herId, "signing", X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation, createIfMissing),
        LoadOrCreate(herId, "encryption", X509KeyUsageFlags.KeyEncipherment | X509KeyUsageFlags.DataEncipherment, createIfMissing)));

    /// <summary>A counterpart's public certificates, or null when we hold none for it. A file replaced in the folder (a
    /// renewed certificate) is read again at its next use, without a restart (HITS 1216 2.1.4: a cached certificate that
    /// no longer verifies is fetched again).</summary>
    public PartyCertificates? Counterpart(string herId)
    {
        var stamp = Stamp(herId, "signing") + "|" + Stamp(herId, "encryption");
        if (peers.TryGetValue(herId, out var known) && known.Stamp == stamp)
        {
            return known.Certificates;
        }

        var signing = Public(herId, "signing");
        var encryption = Public(herId, "encryption");
        if (signing is null || encryption is null)
        {
            return null;
        }

        var read = new PartyCertificates(signing, encryption);
        peers[herId] = (read, stamp);
        return read;
    }

    private readonly ConcurrentDictionary<string, (PartyCertificates Certificates, string Stamp)> peers = new(StringComparer.Ordinal);

    private string Stamp(string herId, string purpose)
    {
        var cer = Path.Combine(folder, $"{herId}-{purpose}.cer");
        var file = File.Exists(cer) ? cer : Path.Combine(folder, $"{herId}-{purpose}.pfx");
        return File.Exists(file) ? $"{file}@{File.GetLastWriteTimeUtc(file).Ticks}" : "";
    }

    private X509Certificate2? Public(string herId, string purpose)
    {
        var cer = Path.Combine(folder, $"{herId}-{purpose}.cer");
        if (File.Exists(cer))
        {
            return X509CertificateLoader.LoadCertificateFromFile(cer);
        }

        var pfx = Path.Combine(folder, $"{herId}-{purpose}.pfx");
        return File.Exists(pfx) ? X509CertificateLoader.LoadCertificate(X509CertificateLoader.LoadPkcs12FromFile(pfx, pfxPassword).RawData) : null;
    }

    private X509Certificate2 LoadOrCreate(string herId, string purpose, X509KeyUsageFlags usage, bool create)
    {
        var path = Path.Combine(folder, $"{herId}-{purpose}.pfx");
        if (!File.Exists(path))
        {
            if (!create)
            {
                throw new InvalidOperationException($"No {purpose} certificate for HER-id {herId} at {path}.");
            }

            Directory.CreateDirectory(folder);
            using var rsa = RSA.Create(2048);
            var request = new CertificateRequest($"CN=DigiHelsestasjon test {purpose} {herId}, O=Test", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            request.CertificateExtensions.Add(new X509KeyUsageExtension(usage, critical: true));
            // Valid from yesterday by the clock that checks it (a test host's may not be the machine's).
            var start = (time ?? TimeProvider.System).GetUtcNow().AddDays(-1);
            using var certificate = request.CreateSelfSigned(start, start.AddYears(5));

            // Written whole beside, then moved in without replacing: a process starting at the same time uses the first one's.
            var temporary = path + "." + Guid.NewGuid().ToString("N");
            File.WriteAllBytes(temporary, certificate.Export(X509ContentType.Pfx, pfxPassword));
            try
            {
                File.Move(temporary, path, overwrite: false);
            }
            catch (IOException) when (File.Exists(path))
            {
                File.Delete(temporary);
            }

            WritePublicHalf(path);
        }

        return X509CertificateLoader.LoadPkcs12FromFile(path, pfxPassword, X509KeyStorageFlags.Exportable);
    }

    /// <summary>The public half of a pair we made, beside it, as a counterpart needs it (the .cer a municipality hands its
    /// vendor). Only for test pairs: a production folder may well be read-only.</summary>
    private void WritePublicHalf(string pfxPath)
    {
        var cer = Path.ChangeExtension(pfxPath, ".cer");
        if (File.Exists(cer))
        {
            return;
        }

        using var made = X509CertificateLoader.LoadPkcs12FromFile(pfxPath, pfxPassword);
        var temporary = cer + "." + Guid.NewGuid().ToString("N");
        File.WriteAllBytes(temporary, made.Export(X509ContentType.Cert));
        try
        {
            File.Move(temporary, cer, overwrite: false);
        }
        catch (IOException) when (File.Exists(cer))
        {
            File.Delete(temporary);
        }
    }
}
