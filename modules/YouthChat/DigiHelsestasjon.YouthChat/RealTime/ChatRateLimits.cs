using System.Threading.RateLimiting;
using DigiHelsestasjon.BuildingBlocks.Mediation;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace DigiHelsestasjon.YouthChat.RealTime;

/// <summary>Token buckets per conversation token (messages: one client cannot flood a nurse), per network (new conversations
/// from one phone or home) and per unit (new conversations: a flood from many networks). The network is a keyed hash in
/// memory, never stored or logged. A refusal is 429 with Retry-After and where to get help now. In memory per instance: with
/// several instances the limit is per instance, which still stops a flood.</summary>
internal sealed class ChatRateLimits : IDisposable
{
    internal static readonly System.Diagnostics.Metrics.Meter Meter = new("DigiHelsestasjon.YouthChat");
    private static readonly System.Diagnostics.Metrics.Counter<long> Refused = Meter.CreateCounter<long>("youthchat.refused", description: "New chats or messages refused, by reason");

    private readonly PartitionedRateLimiter<string> messages;
    private readonly PartitionedRateLimiter<Guid> conversations;
    private readonly PartitionedRateLimiter<Guid> reserve;
    private readonly PartitionedRateLimiter<string> addresses;

    // Networks that opened a chat lately (keyed hashes, an hour each, bounded): the unit's reserve is for the others.
    private readonly MemoryCache recentNetworks = new(new MemoryCacheOptions { SizeLimit = 100_000 });
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, RefusalWindow> refusals = new();
    private readonly TimeProvider time;

    // The address is only a key in memory, hashed with a secret of this process, so not even a memory dump lists addresses.
    private readonly byte[] addressSecret = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);

    public ChatRateLimits(IOptions<YouthChatOptions> options, TimeProvider time)
    {
        this.time = time;
        var settings = options.Value;
        messages = PartitionedRateLimiter.Create<string, string>(token => RateLimitPartition.GetTokenBucketLimiter(token, _ => Bucket(settings.MessagesPerToken, settings.MessageRefill)));
        conversations = PartitionedRateLimiter.Create<Guid, Guid>(unit => RateLimitPartition.GetTokenBucketLimiter(unit, _ => Bucket(settings.ConversationsPerUnit, settings.ConversationRefill)));
        reserve = PartitionedRateLimiter.Create<Guid, Guid>(unit => RateLimitPartition.GetTokenBucketLimiter(unit, _ => Bucket(settings.ReservedConversationsPerUnit, settings.ReserveRefill)));
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

    public void ConversationFrom(string addressKey, Guid unitId, IReadOnlyList<Features.Conversations.HelpLine> helpNow) =>
        Take(addresses.AttemptAcquire(addressKey), "You have started many chats in a short time. Try again in a moment.", helpNow, unitId, "network");

    public void MessageFrom(string tokenHash) => Take(messages.AttemptAcquire(tokenHash), "You are sending messages very fast. Wait a moment, then send again.", Features.Conversations.HelpLines.All, null, "messages");

    /// <summary>The unit's bucket; when a flood has emptied it, a network that has not opened a chat lately still gets in from
    /// the unit's reserve, so a flood from a few networks (each limited on its own) never shuts out every youth.</summary>
    public void ConversationFor(Guid unitId, string addressKey, IReadOnlyList<Features.Conversations.HelpLine> helpNow)
    {
        var lease = conversations.AttemptAcquire(unitId);
        if (!lease.IsAcquired && !recentNetworks.TryGetValue(addressKey, out _))
        {
            var reserved = reserve.AttemptAcquire(unitId);
            if (reserved.IsAcquired)
            {
                lease.Dispose();
                lease = reserved;
            }
            else
            {
                reserved.Dispose();
            }
        }

        Take(lease, "Many are starting a chat with this unit right now. Try again in a moment.", helpNow, unitId, "unit");
        recentNetworks.Set(addressKey, true, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = TimeSpan.FromHours(1) });
    }

    /// <summary>A full queue is a refusal too: counted for the operator like the others.</summary>
    public void QueueFull(Guid unitId) => Count(unitId, "queue-full");

    /// <summary>New chats refused at the unit in the last hour by this instance: the flood an operator should see.</summary>
    public int RefusedLastHour(Guid unitId) => refusals.TryGetValue(unitId, out var window) ? window.Total(time.GetUtcNow()) : 0;

    private static TokenBucketRateLimiterOptions Bucket(int burst, TimeSpan refill) => new()
    {
        TokenLimit = burst, TokensPerPeriod = 1, ReplenishmentPeriod = refill, QueueLimit = 0, AutoReplenishment = true,
    };

    private void Take(RateLimitLease lease, string detail, IReadOnlyList<Features.Conversations.HelpLine> helpNow, Guid? unitId, string reason)
    {
        using (lease)
        {
            if (lease.IsAcquired)
            {
                return;
            }

            if (unitId is { } unit)
            {
                Count(unit, reason);
            }
            else
            {
                Refused.Add(1, new KeyValuePair<string, object?>("reason", reason));
            }

            var wait = lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(5);
            var problem = new PlatformProblemException(StatusCodes.Status429TooManyRequests, "too-many-requests", "Too many requests.", detail);
            problem.Extensions["retryAfterSeconds"] = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));

            // A youth who is refused may need help now, not in a moment: the national help lines come with every refusal.
            problem.Extensions["helpNow"] = helpNow;
            throw problem;
        }
    }

    private void Count(Guid unitId, string reason)
    {
        Refused.Add(1, new KeyValuePair<string, object?>("reason", reason));
        refusals.GetOrAdd(unitId, _ => new RefusalWindow()).Add(time.GetUtcNow());
    }

    /// <summary>Refusals per minute over the last hour (60 slots, the oldest overwritten).</summary>
    private sealed class RefusalWindow
    {
        private readonly long[] minutes = new long[60];
        private readonly int[] counts = new int[60];

        public void Add(DateTimeOffset at)
        {
            var minute = at.ToUnixTimeSeconds() / 60;
            var slot = (int)(minute % 60);
            lock (counts)
            {
                if (minutes[slot] != minute)
                {
                    (minutes[slot], counts[slot]) = (minute, 0);
                }

                counts[slot]++;
            }
        }

        public int Total(DateTimeOffset now)
        {
            var minute = now.ToUnixTimeSeconds() / 60;
            lock (counts)
            {
                return Enumerable.Range(0, 60).Where(i => minute - minutes[i] < 60).Sum(i => counts[i]);
            }
        }
    }

    public void Dispose()
    {
        messages.Dispose();
        conversations.Dispose();
        reserve.Dispose();
        addresses.Dispose();
        recentNetworks.Dispose();
    }
}
