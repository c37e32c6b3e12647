using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace DigiHelsestasjon.Simulators.IdentityProviders;

public enum IssuerKind
{
    /// <summary>ID-porten: citizens by fødselsnummer, with a level of assurance.</summary>
    Citizen,

    /// <summary>Feide: pupils.</summary>
    Pupil,

    /// <summary>HelseID: health personnel by HPR number, their units and role.</summary>
    Staff,
}

/// <summary>One simulated OpenID Connect issuer with its own RSA signing key, kept in the data
/// folder so tokens stay valid across restarts.</summary>
public sealed class SimulatedIssuer
{
    // Created (a new 2048-bit key takes a few hundred milliseconds) beside the rest of start-up; awaited on first use.
    private readonly Task<RsaSecurityKey> loading;

    public SimulatedIssuer(string name, IssuerKind kind, string baseUrl, string keyFolder, string defaultAudience)
    {
        Name = name;
        Kind = kind;
        Issuer = $"{baseUrl.TrimEnd('/')}/simulators/{name}";
        DefaultAudience = defaultAudience;
        var path = Path.Combine(keyFolder, $"{name}-signing.pem");
        loading = Task.Run(() => LoadOrCreateKey(path));
    }

    private RsaSecurityKey Key => loading.GetAwaiter().GetResult();

    public string Name { get; }

    public IssuerKind Kind { get; }

    public string Issuer { get; }

    public string DefaultAudience { get; }

    public string KeyId => Key.KeyId;

    public TimeSpan Lifetime { get; } = TimeSpan.FromHours(1);

    public string CreateToken(IEnumerable<Claim> claims, DateTime issuedAt, string? audience = null, TimeSpan? lifetime = null)
    {
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = audience ?? DefaultAudience,
            IssuedAt = issuedAt,
            NotBefore = issuedAt.AddSeconds(-1),
            Expires = issuedAt + (lifetime ?? Lifetime),
            Subject = new ClaimsIdentity(claims),
            SigningCredentials = new SigningCredentials(Key, SecurityAlgorithms.RsaSha256),
        };
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }

    public object Jwks()
    {
        var parameters = Key.Rsa.ExportParameters(false);
        return new
        {
            keys = new[]
            {
                new { kty = "RSA", use = "sig", alg = "RS256", kid = KeyId, n = Base64UrlEncoder.Encode(parameters.Modulus), e = Base64UrlEncoder.Encode(parameters.Exponent) },
            },
        };
    }

    private static RsaSecurityKey LoadOrCreateKey(string path)
    {
        var rsa = RSA.Create();
        if (!File.Exists(path))
        {
            rsa.KeySize = 2048;
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);

            // Written whole beside the key's place, then moved in without replacing: two hosts starting at once on a fresh
            // machine (test classes in parallel) never read a half-written key, and the one that comes second uses the first's.
            var written = $"{path}.{Guid.NewGuid():N}.tmp";

            // A private key: readable by the owner only from the moment it exists.
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using (var writer = new StreamWriter(written, options))
            {
                writer.Write(rsa.ExportRSAPrivateKeyPem());
            }

            try
            {
                File.Move(written, path, overwrite: false);
            }
            catch (IOException) when (File.Exists(path))
            {
                File.Delete(written);
            }
        }

        rsa.ImportFromPem(File.ReadAllText(path));
        OwnerOnly(path);
        var modulus = rsa.ExportParameters(false).Modulus!;
        return new RsaSecurityKey(rsa) { KeyId = Base64UrlEncoder.Encode(SHA256.HashData(modulus))[..16] };
    }

    /// <summary>Mode 600 (the umask may have widened a new file; a key from an older version was written 644).</summary>
    private static void OwnerOnly(string path)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }
}
