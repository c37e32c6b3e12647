using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace DigiHelsestasjon.Identity.Features.GetCapabilities;

/// <summary>An area of the citizen's pages: the permission it needs on the subject (null: only for oneself) and the route
/// whose declared logins (<see cref="AssuranceRequirement"/>) decide which logins reach it.</summary>
internal sealed record Area(string Name, string? Permission, string Route);

/// <summary>The areas a citizen's pages offer, and the logins each accepts, read from the running host's routes: the same
/// <c>RequireAssurance</c> that answers <c>insufficient-assurance</c> decides what the capabilities say beforehand.</summary>
internal sealed class LoginAreas(EndpointDataSource endpoints)
{
    public const string Appointments = "appointments";
    public const string Booking = "booking";
    public const string Vaccinations = "vaccinations";
    public const string TestResults = "test-results";
    public const string Messages = "messages";
    public const string AccessLog = "access-log";
    public const string Notices = "notices";
    public const string Representation = "representation";

    public static readonly IReadOnlyList<Area> All =
    [
        new(Appointments, Permissions.AppointmentsRead, "/api/v1/subjects/{subjectId:guid}/appointments"),
        new(Booking, Permissions.AppointmentsBook, "/api/v1/subjects/{subjectId:guid}/free-slots"),
        new(Vaccinations, Permissions.HealthRecordsRead, "/api/v1/subjects/{subjectId:guid}/vaccinations"),
        new(TestResults, Permissions.HealthRecordsRead, "/api/v1/subjects/{subjectId:guid}/test-results"),
        new(Messages, Permissions.MessagesRead, "/api/v1/subjects/{subjectId:guid}/threads"),
        new(AccessLog, Permissions.AccessLogRead, "/api/v1/subjects/{subjectId:guid}/access-log"),
        new(Notices, null, "/api/v1/me/notification-preferences"),
        new(Representation, null, "/api/v1/me/powers-of-attorney"),
    ];

    private IReadOnlyDictionary<string, IReadOnlyList<string>?>? accepted;

    /// <summary>The logins the area's route accepts; null when the host does not offer the area (its module is off); empty
    /// when the route accepts any citizen login.</summary>
    public IReadOnlyList<string>? AcceptedLogins(Area area)
    {
        accepted ??= All.ToDictionary(a => a.Name, Read);
        return accepted[area.Name];
    }

    private IReadOnlyList<string>? Read(Area area)
    {
        var route = endpoints.Endpoints.OfType<RouteEndpoint>().FirstOrDefault(e =>
            string.Equals("/" + (e.RoutePattern.RawText ?? "").Trim('/'), area.Route, StringComparison.OrdinalIgnoreCase)
            && e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.Contains(HttpMethods.Get) == true);
        if (route is null)
        {
            return null;
        }

        // Every filter a group and the route declared runs, so a login must pass each: the logins they all accept.
        var declared = route.Metadata.GetOrderedMetadata<AssuranceRequirement>();
        return declared.Count == 0 ? [] : declared.Skip(1).Aggregate((IEnumerable<string>)declared[0].Accepted, (all, next) => all.Intersect(next.Accepted)).ToList();
    }
}
