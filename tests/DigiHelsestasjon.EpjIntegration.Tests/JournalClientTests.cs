using System.Net;
using System.Net.Sockets;
using System.Text;
using DigiHelsestasjon.EpjIntegration.Outbound;
using Shouldly;
using Xunit;

namespace DigiHelsestasjon.EpjIntegration.Tests;

/// <summary>The <c>epj</c> HTTP client's own handler (issue 29): the address is checked again when it connects, whatever
/// was saved, and a journal's redirect is not followed. A real socket on this machine's loopback stands in for a service
/// inside the platform's network.</summary>
public sealed class JournalClientTests
{
    [Theory]
    [InlineData("localhost")]
    [InlineData("127.0.0.1")]
    [InlineData("127.1")]
    [InlineData("2130706433")]
    public async Task Given_a_saved_connection_whose_address_reaches_loopback_When_the_platform_connects_Then_nothing_reaches_the_service(string host)
    {
        using var service = new TcpListener(IPAddress.Loopback, 0);
        service.Start();
        var port = ((IPEndPoint)service.LocalEndpoint).Port;
        using var client = new HttpClient(JournalAddresses.CreateHandler(allowLocal: false));

        await Should.ThrowAsync<HttpRequestException>(() => client.GetAsync($"http://{host}:{port}/capabilities"));

        service.Pending().ShouldBeFalse("no connection was made");
    }

    [Fact]
    public async Task Given_a_journal_that_answers_with_a_redirect_When_the_platform_calls_it_Then_the_redirect_is_not_followed()
    {
        using var service = new TcpListener(IPAddress.Loopback, 0);
        service.Start();
        var port = ((IPEndPoint)service.LocalEndpoint).Port;
        var answering = AnswerOnceAsync(service, $"HTTP/1.1 302 Found\r\nLocation: http://169.254.169.254/latest/meta-data/\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        using var client = new HttpClient(JournalAddresses.CreateHandler(allowLocal: true));

        using var response = await client.GetAsync($"http://localhost:{port}/capabilities");
        await answering;

        response.StatusCode.ShouldBe(HttpStatusCode.Found);
        response.RequestMessage!.RequestUri!.Host.ShouldBe("localhost");
    }

    private static async Task AnswerOnceAsync(TcpListener listener, string answer)
    {
        using var socket = await listener.AcceptSocketAsync();
        var buffer = new byte[8192];
        var read = 0;
        while (!Encoding.ASCII.GetString(buffer, 0, read).Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var n = await socket.ReceiveAsync(buffer.AsMemory(read));
            if (n == 0)
            {
                break;
            }

            read += n;
        }

        await socket.SendAsync(Encoding.ASCII.GetBytes(answer));
        socket.Shutdown(SocketShutdown.Both);
    }
}
