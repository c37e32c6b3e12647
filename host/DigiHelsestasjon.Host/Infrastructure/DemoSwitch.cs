namespace DigiHelsestasjon.Host.Infrastructure;

/// <summary>Whether this host adds the demo (host/DigiHelsestasjon.Host.Demo: the simulators, their settings, the demo
/// families). <c>Demo:Enabled</c>; unset, on in Development and Testing only, so a server whose environment is not set
/// (Production, ASP.NET Core's default) never has it, and <see cref="HostSafety"/> refuses it in Production.</summary>
internal static class DemoSwitch
{
    public const string Setting = "Demo:Enabled";

    public static bool IsOn(IConfiguration configuration, IHostEnvironment environment) =>
        configuration.GetValue(Setting, HostSafety.IsDevelopmentOrTesting(environment));
}
