using DigiHelsestasjon.BuildingBlocks.Contracts;

namespace DigiHelsestasjon.Directory.Contracts;

/// <summary>Unit types, as the public unit directory and the simulators' control API name them.</summary>
public static class UnitTypes
{
    public const string HealthStation = "health-station";
    public const string SchoolHealth = "school-health";
    public const string YouthClinic = "youth-clinic";

    public static readonly IReadOnlyList<string> All = [HealthStation, SchoolHealth, YouthClinic];
}

/// <summary>How the platform reaches a unit's journal.</summary>
/// <param name="Vendor">visma, infodoc or cgm.</param>
/// <param name="Transport">"in-process" (a connector registered in the host under the vendor's name) or "http".</param>
/// <param name="Endpoint">The connector's base URL for http.</param>
/// <param name="InstallationId">The municipality installation's id; its shared secret lives in configuration, not here.</param>
/// <param name="Environment">test (the journal's test environment, during roll-out) or production (<see cref="EpjEnvironments"/>).</param>
/// <param name="SecretName">Where the shared secret is: <c>Epj:Secrets:{SecretName}</c>; null: <c>Epj:Installations:{InstallationId}:SharedSecret</c>.</param>
public sealed record EpjConnection(string Vendor, string Transport, string? Endpoint, string InstallationId, string Environment = EpjEnvironments.Production, string? SecretName = null);

/// <summary>A connection is tried in the journal's test environment, and moves to production after an acceptance test
/// with no failure, confirmed by an admin.</summary>
public static class EpjEnvironments
{
    public const string Test = "test";
    public const string Production = "production";
}

public sealed record UnitInfo(Guid UnitId, string Kommunenummer, string Name, string Type, string HerId, string Address, string OpeningHours, EpjConnection? Epj);

/// <summary>Open on <paramref name="Day"/> from <paramref name="Opens"/> until <paramref name="Closes"/>, local time (Europe/Oslo).
/// <see cref="TimeOnly.MaxValue"/> as the closing time means "until midnight".</summary>
public sealed record OpeningHours(DayOfWeek Day, TimeOnly Opens, TimeOnly Closes)
{
    /// <summary>Every day, all day: a unit that keeps its chat open around the clock.</summary>
    public static IReadOnlyList<OpeningHours> AroundTheClock { get; } =
        [.. Enum.GetValues<DayOfWeek>().Select(d => new OpeningHours(d, TimeOnly.MinValue, TimeOnly.MaxValue))];
}

/// <summary>What a municipality decides for itself.</summary>
/// <param name="CancellationNeedsApproval">False: a digital cancellation takes effect at once.</param>
/// <param name="CancellationDeadlineHours">No digital cancellation less than this many hours before (0: none).</param>
/// <param name="ReminderLeadTimesHours">Reminders this many hours before an appointment.</param>
/// <param name="ChatOpeningHours">When the youth chat is open.</param>
/// <param name="ChatRetentionHours">Transcripts are deleted this long after a chat ends.</param>
/// <param name="EnabledModules">Modules the municipality has switched on.</param>
public sealed record MunicipalityPolicies(
    bool CancellationNeedsApproval,
    int CancellationDeadlineHours,
    IReadOnlyList<int> ReminderLeadTimesHours,
    IReadOnlyList<OpeningHours> ChatOpeningHours,
    int ChatRetentionHours,
    IReadOnlyList<string> EnabledModules)
{
    public static MunicipalityPolicies Default { get; } = new(
        false, 0, [48, 2],
        [.. new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday }.Select(d => new OpeningHours(d, new TimeOnly(8, 0), new TimeOnly(15, 30)))],
        24, ["Calendar", "Messaging", "Notifications", "YouthChat"]);
}

public sealed record GetUnit(Guid UnitId) : IQuery<UnitInfo?>;

/// <summary>Several units in one question (the units of an appointment list); unknown ids are left out.</summary>
public sealed record GetUnits(IReadOnlyCollection<Guid> UnitIds) : IQuery<IReadOnlyDictionary<Guid, UnitInfo>>;

/// <summary>Several units and the policies of their municipalities in one question: what a list of appointments shows
/// beside each (the unit's name, the municipality's cancellation deadline) costs one send, however many municipalities.</summary>
public sealed record GetUnitsAndPolicies(IReadOnlyCollection<Guid> UnitIds) : IQuery<UnitsAndPolicies>;

/// <param name="Policies">By kommunenummer; a municipality without policies of its own is left out.</param>
public sealed record UnitsAndPolicies(IReadOnlyDictionary<Guid, UnitInfo> Units, IReadOnlyDictionary<string, MunicipalityPolicies> Policies);

/// <summary>The unit with this HER-id: how an EPJ names a unit.</summary>
public sealed record FindUnitByHerId(string HerId) : IQuery<UnitInfo?>;

public sealed record GetMunicipalityUnits(string Kommunenummer) : IQuery<IReadOnlyList<UnitInfo>>;

public sealed record GetMunicipalityPolicies(string Kommunenummer) : IQuery<MunicipalityPolicies?>;

/// <summary>The municipalities a staff member's units belong to (an admin administers those).</summary>
public sealed record GetMunicipalitiesOfUnits(IReadOnlyList<Guid> UnitIds) : IQuery<IReadOnlyList<string>>;

/// <param name="ChatOpeningHours">When this unit's youth chat is open; null: the municipality's <see cref="MunicipalityPolicies.ChatOpeningHours"/>.</param>
public sealed record ProvisionedUnit(Guid UnitId, string Name, string Type, string HerId, string Address, string OpeningHours, EpjConnection? Epj, IReadOnlyList<OpeningHours>? ChatOpeningHours = null, string? Phone = null);

/// <summary>What the youth chat needs to know of a unit: whether the municipality has the chat switched on, when it is
/// open (the unit's own hours, else the municipality's), and how long transcripts are kept.</summary>
/// <param name="Phone">The unit's phone number, if it has one: a youth the chat cannot take now is given it.</param>
public sealed record UnitChatSettings(Guid UnitId, string Kommunenummer, string Name, string Type, bool Enabled, IReadOnlyList<OpeningHours> OpeningHours, int RetentionHours, string? Phone = null);

/// <summary>Null for an unknown unit.</summary>
public sealed record GetUnitChatSettings(Guid UnitId) : IQuery<UnitChatSettings?>;

/// <summary>The chat settings of every school-health and youth-clinic unit of a municipality.</summary>
public sealed record GetMunicipalityChatSettings(string Kommunenummer) : IQuery<IReadOnlyList<UnitChatSettings>>;

/// <summary>Creates or updates a municipality and its units (demo data, or an operator's roll-out).
/// <paramref name="Policies"/> are the starting policies of a new municipality; an existing one keeps its own
/// (they change through the admin API only).</summary>
public sealed record ProvisionMunicipality(string Kommunenummer, string Name, IReadOnlyList<ProvisionedUnit> Units, MunicipalityPolicies? Policies = null) : ICommand<bool>;

/// <summary>A new municipality (national roll-out); false if it exists already. Starts with the default policies.</summary>
public sealed record CreateMunicipality(string Kommunenummer, string Name) : ICommand<bool>;

/// <summary>What an admin gives for a unit.</summary>
/// <param name="Phone">The unit's phone number, shown to citizens and to a youth the chat cannot take now; optional.</param>
public sealed record UnitDetails(string? HerId, string? Name, string? Type, string? Address, string? OpeningHours, string? Phone = null);

/// <summary>Adds a unit to a municipality; answers its id.</summary>
public sealed record AddUnit(string Kommunenummer, UnitDetails Details) : ICommand<Guid>;

/// <summary>Changes a unit's details (not its EPJ connection); false if there is no such unit.</summary>
public sealed record ChangeUnit(Guid UnitId, UnitDetails Details) : ICommand<bool>;

/// <summary>Connects a unit to its journal (over HTTP), replacing any connection it had; false if there is no such unit.</summary>
public sealed record SetUnitEpjConnection(Guid UnitId, EpjConnection Connection) : ICommand<bool>;

/// <summary>Every unit's journal connection, for what must know them all (the installations' secrets at start-up, health).</summary>
public sealed record GetEpjConnections : IQuery<IReadOnlyList<UnitInfo>>;
