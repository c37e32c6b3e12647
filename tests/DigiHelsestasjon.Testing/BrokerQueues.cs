using System.Net.Http.Headers;
using System.Text;
using DigiHelsestasjon.Epj.Sdk.National.Amqp;

namespace DigiHelsestasjon.Testing;

/// <summary>Deletes a test's queues through RabbitMQ's management API, as AMQP 1.0 cannot delete a queue. A broker kept
/// between runs otherwise collects thousands of durable queues, and restarting it then takes minutes (the broker-restart
/// test's). Best effort: without the management plugin the queues stay.</summary>
public static class BrokerQueues
{
    public static Task DeleteAsync(string broker, IEnumerable<string> herIds) => DeleteQueuesAsync(broker, herIds.SelectMany(NationalQueues.All));

    public static async Task DeleteQueuesAsync(string broker, IEnumerable<string> queues)
    {
        var address = new Uri(broker);
        using var http = new HttpClient { BaseAddress = new Uri($"http://{address.Host}:15672/"), Timeout = TimeSpan.FromSeconds(5) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(Uri.UnescapeDataString(address.UserInfo))));
        foreach (var queue in queues)
        {
            try
            {
                using var deleted = await http.DeleteAsync($"api/queues/%2F/{Uri.EscapeDataString(queue)}");
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
                return;
            }
        }
    }
}
