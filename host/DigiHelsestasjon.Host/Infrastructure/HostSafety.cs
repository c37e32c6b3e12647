namespace DigiHelsestasjon.Host.Infrastructure;

/// <summary>Settings that must never reach production. Checked first thing while the host is built (before the demo could be
/// added), so a misconfigured server stops with a message instead of serving simulated logins.</summary>
internal static class HostSafety
{
    /// <summary>The test host runs as "Testing"; it gets the same conveniences as Development.</summary>
    public const string TestingEnvironment = "Testing";

    public static bool IsDevelopmentOrTesting(IHostEnvironment environment) =>
        environment.IsDevelopment() || environment.IsEnvironment(TestingEnvironment);

    public static void RefuseUnsafeProductionSettings(IConfiguration configuration, IHostEnvironment environment)
    {
        if (!environment.IsProduction())
        {
            return;
        }

        if (DemoSwitch.IsOn(configuration, environment))
        {
            throw new InvalidOperationException(
                $"{DemoSwitch.Setting} is true in Production. The demo's simulated ID-porten, Feide and HelseID issuers sign a token for anyone, " +
                $"and its simulated journals use published secrets: it must never run in production. Remove {DemoSwitch.Setting} (a demo server runs as another environment, for example Staging).");
        }

        if (configuration["AllowedHosts"] is null or "" or "*")
        {
            throw new InvalidOperationException(
                "AllowedHosts is not set in Production. Set it to the host names citizens and journals use (separated by ';'), so requests for other hosts are refused.");
        }

        if (string.IsNullOrWhiteSpace(configuration["PublicBaseUrl"]))
        {
            throw new InvalidOperationException(
                "PublicBaseUrl is not set in Production. Set it to the address citizens use (for example https://helsestasjon.kommune.no): links the platform hands out are built from it, never from a request's Host header.");
        }

        var demoSecrets = configuration.GetSection("Epj:Installations").GetChildren()
            .Where(i => i["SharedSecret"] is { } secret && secret.Contains("-shared-secret-for-the-simulator-only", StringComparison.Ordinal))
            .Select(i => i.Key)
            .ToList();
        if (demoSecrets.Count > 0)
        {
            throw new InvalidOperationException(
                $"Epj:Installations:{demoSecrets[0]}:SharedSecret is a simulator's demo secret, which is published. Give the installation a secret of its own.");
        }
    }
}
