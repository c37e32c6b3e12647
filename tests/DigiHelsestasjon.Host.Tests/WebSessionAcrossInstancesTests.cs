using System.Net;
using DigiHelsestasjon.Identity.Persistence;
using DigiHelsestasjon.Testing;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using Xunit;

namespace DigiHelsestasjon.Host.Tests;

/// <summary>Two host instances on one PostgreSQL database, as behind a load balancer: the data-protection key ring is
/// in the database, so a login cookie made by one opens on the other.</summary>
public sealed class WebSessionAcrossInstancesTests(PostgresHost host) : IClassFixture<PostgresHost>
{
    [Fact]
    public async Task Given_a_login_through_one_instance_When_the_next_request_reaches_another_Then_the_person_is_still_logged_in()
    {
        var first = host.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        var (loginCookie, form) = await WebLogins.StartAsync(first, "idporten", "/innbygger", new() { ["pid"] = await Citizens.PidOfAsync(first, "guardian") });
        var callback = await Send(first, await WebLogins.AuthorizeAsync(first, "idporten", form), loginCookie);
        var session = callback.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("__Host-dh-session=", StringComparison.Ordinal)).Split(';')[0];

        await using (var scope = host.Services.CreateAsyncScope())
        {
            (await scope.ServiceProvider.GetRequiredService<IdentityDbContext>().DataProtectionKeys.CountAsync()).ShouldBeGreaterThan(0, "the key ring is in the database");
        }

        var second = new PostgresHost { Reuse = host.Database };
        await second.InitializeAsync();
        try
        {
            var other = second.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
            (await (await Send(other, "/bff/session", session)).Content.ReadAsStringAsync()).ShouldContain("\"authenticated\":true");
            (await Send(other, "/api/v1/me", session, ("X-CSRF", "1"))).StatusCode.ShouldBe(HttpStatusCode.OK);
        }
        finally
        {
            await second.DisposeAsync();
        }
    }

    private static async Task<HttpResponseMessage> Send(HttpClient client, string path, string cookie, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", cookie);
        foreach (var (name, value) in headers)
        {
            request.Headers.Add(name, value);
        }

        return await client.SendAsync(request);
    }
}
