using System;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace DigiHelsestasjon.Epj.Sdk.Http
{
    /// <summary>The credentials of one municipality installation: both directions sign with them.</summary>
    public sealed record EpjInstallationCredentials
    {
        /// <summary>The installation's id, agreed when the municipality connects its journal.</summary>
        public string InstallationId { get; init; } = "";

        /// <summary>The shared secret (at least 32 bytes of randomness, kept out of source control).</summary>
        public string SharedSecret { get; init; } = "";
    }

    /// <summary>Signed requests: HMAC-SHA256 over method, path, timestamp, the body's SHA-256, the contract
    /// version, the idempotency key and a request id, sent in the headers below. A receiver refuses a bad
    /// signature and a timestamp outside the tolerance; the connector's handler also refuses a request id it
    /// has seen (a replay). Nothing a receiver acts on travels unsigned.</summary>
    public static class EpjRequestSigning
    {
        /// <summary>The installation id header.</summary>
        public const string InstallationHeader = "X-Epj-Installation";

        /// <summary>Unix time in seconds.</summary>
        public const string TimestampHeader = "X-Epj-Timestamp";

        /// <summary>Lower-case hex HMAC-SHA256.</summary>
        public const string SignatureHeader = "X-Epj-Signature";

        /// <summary>The contract version the body is written in.</summary>
        public const string ContractVersionHeader = "X-Epj-Contract-Version";

        /// <summary>The message's <c>MessageId</c>.</summary>
        public const string IdempotencyKeyHeader = "Idempotency-Key";

        /// <summary>A new value for every request (a GUID), also for a retry: the receiver refuses one it has seen.</summary>
        public const string RequestIdHeader = "X-Epj-Request-Id";

        /// <summary>How far a timestamp may be from the receiver's clock.</summary>
        public static TimeSpan Tolerance { get; } = TimeSpan.FromMinutes(5);

        /// <summary>The signature of one request: lower-case hex HMAC-SHA256 over
        /// <c>METHOD\npath?query\ntimestamp\nhex(SHA-256(body))\ncontractVersion\nidempotencyKey\nrequestId</c>
        /// (an absent idempotency key is the empty string).</summary>
        /// <exception cref="ArgumentException">The shared secret is empty: a configuration error.</exception>
        public static string Sign(string sharedSecret, string method, string pathAndQuery, long unixSeconds, byte[] body, string contractVersion, string? idempotencyKey, string requestId)
        {
            RequireSecret(sharedSecret);
            using var sha = SHA256.Create();
            var canonical = string.Join(
                "\n",
                method.ToUpperInvariant(),
                pathAndQuery,
                unixSeconds.ToString(CultureInfo.InvariantCulture),
                Hex(sha.ComputeHash(body)),
                contractVersion ?? "",
                idempotencyKey ?? "",
                requestId ?? "");
            using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(sharedSecret));
            return Hex(hmac.ComputeHash(Encoding.UTF8.GetBytes(canonical)));
        }

        /// <summary>True when the signature is right, a request id is given and the timestamp is within
        /// <see cref="Tolerance"/> of <paramref name="now"/>.</summary>
        /// <exception cref="ArgumentException">The shared secret is empty: a configuration error.</exception>
        public static bool Verify(string sharedSecret, string method, string pathAndQuery, string? timestamp, string? signature, byte[] body, string? contractVersion, string? idempotencyKey, string? requestId, DateTimeOffset now)
        {
            RequireSecret(sharedSecret);
            if (signature is null || string.IsNullOrEmpty(requestId) || !long.TryParse(timestamp, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds))
            {
                return false;
            }

            if (Math.Abs(now.ToUnixTimeSeconds() - seconds) > Tolerance.TotalSeconds)
            {
                return false;
            }

            var expected = Encoding.ASCII.GetBytes(Sign(sharedSecret, method, pathAndQuery, seconds, body, contractVersion ?? "", idempotencyKey, requestId!));
            var given = Encoding.ASCII.GetBytes(signature.ToLowerInvariant());
            return FixedTimeEquals(expected, given);
        }

        // An empty secret signs with a key everyone knows: refuse it where it is configured, loudly.
        internal static void RequireSecret(string? sharedSecret)
        {
            if (string.IsNullOrEmpty(sharedSecret))
            {
                throw new ArgumentException("The installation's shared secret is empty; configure at least 32 random bytes.", nameof(sharedSecret));
            }
        }

        private static bool FixedTimeEquals(byte[] a, byte[] b)
        {
            if (a.Length != b.Length)
            {
                return false;
            }

            var difference = 0;
            for (var i = 0; i < a.Length; i++)
            {
                difference |= a[i] ^ b[i];
            }

            return difference == 0;
        }

        private static string Hex(byte[] bytes)
        {
            var builder = new StringBuilder(bytes.Length * 2);
            foreach (var b in bytes)
            {
                builder.Append(b.ToString("x2", CultureInfo.InvariantCulture));
            }

            return builder.ToString();
        }
    }
}
