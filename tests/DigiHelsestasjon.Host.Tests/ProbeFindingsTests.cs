using System.Net;
using System.Net.Http.Headers;
using DigiHelsestasjon.Testing;
using Shouldly;
using Xunit;

namespace DigiHelsestasjon.Host.Tests;

/// <summary>What the second probe of the running host found (issue 29) in the host itself: errors for clients that do
/// not take JSON. The login's return address is in <see cref="WebSessionTests"/>.</summary>
public sealed class ErrorsForAnyAcceptTests(SqliteHost host) : IClassFixture<SqliteHost>
{
    // A calendar app polling a revoked feed, the chat's event stream after quick exit, and other Accept values a client may send.
    [Theory]
    [InlineData("/calendar/revoked-feed-token.ics", "text/calendar")]
    [InlineData("/calendar/revoked-feed-token.ics", "text/html")]
    [InlineData("/calendar/revoked-feed-token.ics", "image/png")]
    [InlineData("/calendar/revoked-feed-token.ics", "application/xml")]
    [InlineData("/calendar/revoked-feed-token.ics", "application/json;q=0, text/plain")]
    [InlineData("/api/v1/youth-chat/conversations/00000000-0000-0000-0000-000000000029/events", "text/event-stream")]
    [InlineData("/api/v1/youth-chat/conversations/00000000-0000-0000-0000-000000000029", "text/plain")]
    public async Task Given_a_client_that_does_not_take_JSON_When_what_it_asks_for_is_not_there_Then_it_gets_404_and_no_error_of_the_server(string path, string accept)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.Clear();
        request.Headers.TryAddWithoutValidation("Accept", accept);

        var response = await host.CreateClient().SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await response.Content.ReadAsStringAsync()).ShouldNotContain("   at ", customMessage: "no stack trace");
    }

    [Fact]
    public async Task Given_a_client_that_takes_JSON_When_what_it_asks_for_is_not_there_Then_it_still_gets_problem_details()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/calendar/revoked-feed-token.ics");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

        var response = await host.CreateClient().SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }
}
