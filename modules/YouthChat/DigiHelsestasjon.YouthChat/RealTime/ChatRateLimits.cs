using System.Threading.RateLimiting;
using DigiHelsestasjon.BuildingBlocks.Mediation;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace DigiHelsestasjon.YouthChat.RealTime;

/// <summary>Token buckets per conversation token (messages: one client cannot flood a nurse) and per unit (new
/// conversations: one client cannot flood the queue). Never per IP address: the chat does not look at it. A refusal is 429
/// with Retry-After. In memory per instance: with several instances the limit is per instance, which still stops a flood.</summary>
internal sealed class ChatRateLimits : IDisposable
{
    private readonly PartitionedRateLimiter<string> messages;
    private readonly PartitionedRateLimiter<Guid> conversations;
    private readonly PartitionedRateLimiter<string> addresses;

    // The address is only a key in memory, hashed with a secret of this process, so not even a memory dump lists addresses.
    private readonly byte[] addressSecret = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);

    public ChatRateLimits(IOptions<YouthChatOptions> options)
    {
        var settings = options.Value;
        messages = PartitionedRateLimiter.Create<string, string>(token => RateLimitPartition.GetTokenBucketLimiter(token, _ => Bucket(settings.MessagesPerToken, settings.MessageRefill)));
        conversations = PartitionedRateLimiter.Create<Guid, Guid>(unit => RateLimitPartition.GetTokenBucketLimiter(unit, _ => Bucket(settings.ConversationsPerUnit, settings.ConversationRefill)));
        addresses = PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetTokenBucketLimiter(key, _ => Bucket(settings.ConversationsPerAddress, settings.AddressRefill)));
    }

    public string AddressKey(System.Net.IPAddress? address) =>
        Convert.ToHexString(System.Security.Cryptography.HMACSHA256.HashData(addressSecret, Network(address)))[..32];

    /// <summary>What one client holds: an IPv4 address, or an IPv6 /64 (one home or phone gets a whole /64 and can rotate
    /// through it for free, so counting whole IPv6 addresses counted nothing).</summary>
    internal static byte[] Network(System.Net.IPAddress? address)
    {
        if (address is null)
        {
            return [];
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4().GetAddressBytes();
        }

        var bytes = address.GetAddressBytes();
        return address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? bytes[..8] : bytes;
    }

    public void ConversationFrom(string addressKey) => Take(addresses.AttemptAcquire(addressKey), "You have started many chats in a short time. Try again in a moment.");

    public void MessageFrom(string tokenHash) => Take(messages.AttemptAcquire(tokenHash), "You are sending messages very fast. Wait a moment, then send again.");

    public void ConversationFor(Guid unitId) => Take(conversations.AttemptAcquire(unitId), "Many are starting a chat with this unit right now. Try again in a moment.");

    private static TokenBucketRateLimiterOptions Bucket(int burst, TimeSpan refill) => new()
    {
        TokenLimit = burst, TokensPerPeriod = 1, ReplenishmentPeriod = refill, QueueLimit = 0, AutoReplenishment = true,
    };

    private static void Take(RateLimitLease lease, string detail)
    {
        using (lease)
        {
            if (lease.IsAcquired)
            {
                return;
            }

            var wait = lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(5);
            var problem = new PlatformProblemException(StatusCodes.Status429TooManyRequests, "too-many-requests", "Too many requests.", detail);
            problem.Extensions["retryAfterSeconds"] = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));

            // A youth who is refused may need help now, not in a moment: the national help lines come with every refusal.
            problem.Extensions["helpNow"] = Features.HelpLines.All;
            throw problem;
        }
    }

    public void Dispose()
    {
        messages.Dispose();
        conversations.Dispose();
        addresses.Dispose();
    }
}
