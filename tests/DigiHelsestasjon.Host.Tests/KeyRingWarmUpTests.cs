using DigiHelsestasjon.Testing;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Shouldly;
using Xunit;

namespace DigiHelsestasjon.Host.Tests;

/// <summary>The host removes the framework's data-protection warm-up by its type's name (the type is internal): on a fresh
/// database it would read the key ring before the migration made its table. If a framework update renames it, the first
/// test fails here rather than the error coming back in an operator's log.</summary>
public sealed class KeyRingWarmUpTests(SqliteHost host) : IClassFixture<SqliteHost>
{
    private const string WarmUp = "DataProtectionHostedService";

    [Fact]
    public void Given_the_framework_When_data_protection_is_added_Then_its_warm_up_is_still_the_hosted_service_the_host_removes()
    {
        var services = new ServiceCollection();
        services.AddDataProtection();

        services.ShouldContain(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType != null && d.ImplementationType.Name == WarmUp);
    }

    [Fact]
    public void Given_the_host_When_it_runs_Then_no_data_protection_warm_up_reads_the_key_ring_before_the_migration()
    {
        host.Services.GetServices<IHostedService>().ShouldNotContain(s => s.GetType().Name == WarmUp);
    }
}
