using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Xunit;

namespace Contoso.Journal.Tests;

/// <summary>The endpoint as deployed (Program.cs): nothing unsigned gets through.</summary>
public sealed class SignedEndpointTests : IClassFixture<WebApplicationFactory<Program>>
{
    private readonly WebApplicationFactory<Program> factory;

    public SignedEndpointTests(WebApplicationFactory<Program> factory) =>
        this.factory = factory.WithWebHostBuilder(b => b.ConfigureAppConfiguration((_, c) => c.AddInMemoryCollection(
            new Dictionary<string, string?> { ["Epj:Installations:test-installation:SharedSecret"] = "a-test-secret-of-at-least-32-bytes-long" })));

    [Fact]
    public async Task Given_an_unsigned_request_When_it_reaches_the_endpoint_Then_it_is_refused_with_401()
    {
        var response = await factory.CreateClient().PostAsync("/epj/capabilities", new StringContent("{}"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("invalid-signature", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
