using DigiHelsestasjon.Epj.Sdk.National.Kith;

namespace DigiHelsestasjon.Epj.Sdk.National;

/// <summary>Who this party is on the national bus, and how it checks what it receives.</summary>
public sealed record NationalPartySettings
{
    public string HerId { get; init; } = "";
    public string Name { get; init; } = "";

    /// <summary>The AppRec version a counterpart expects ("1.0" or "1.1"), by its HER-id; "1.0" when not named.</summary>
    public Func<string, string> AppRecVersionOf { get; init; } = _ => "1.0";

    /// <summary>Our test certificates are made when missing (simulators, demo, tests); never in production.</summary>
    public bool CreateOwnTestCertificates { get; init; }

    /// <summary>Declare our queues at start (a broker of our own). On NHN's bus they exist already: set false.</summary>
    public bool DeclareQueues { get; init; } = true;

    /// <summary>The processes (AMQP subject) this party takes, as its agreement (CPA) lists them.</summary>
    public IReadOnlySet<string> Processes { get; init; } = NationalProcess.Supported;
}
