using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace DigiHelsestasjon.Web.Tests;

/// <summary>What the browser tests look for, found as a user (and a screen reader) finds it: a role and its accessible
/// name, in bokmål or nynorsk. The pages carry no test hooks (no data-testid, no testId props).</summary>
public abstract partial class BrowserTest
{
    /// <summary>A citizen's upcoming appointments (the list named by its heading).</summary>
    protected static ILocator UpcomingAppointments(IPage page) => page.GetByRole(AriaRole.List, new() { NameRegex = Named("Kommende timer", "Komande timar") });

    /// <summary>The entries of the access log (the list named by its heading).</summary>
    protected static ILocator AccessLogEntries(IPage page) => page.GetByRole(AriaRole.List, new() { NameRegex = Named("Innsynslogg") });

    /// <summary>One day's free times to book ("Ledige timer mandag 7. desember"), one list a day.</summary>
    protected static ILocator FreeSlots(IPage page) => page.GetByRole(AriaRole.List, new() { NameRegex = new Regex("^Ledige tim(er|ar) \\S") });

    /// <summary>The booking page's live region, where "er bestilt" and the like are announced.</summary>
    protected static ILocator BookingNotice(IPage page) => page.GetByRole(AriaRole.Status, new() { NameRegex = Named("Melding om timebestillingen", "Melding om timebestillinga") });

    /// <summary>The citizen's own bookings (the list named by its heading).</summary>
    protected static ILocator Bookings(IPage page) => page.GetByRole(AriaRole.List, new() { NameRegex = Named("Dine bestillinger", "Bestillingane dine") });

    /// <summary>The step where a chosen time is looked over and confirmed (the section named by its heading).</summary>
    protected static ILocator ConfirmBooking(IPage page) => page.GetByRole(AriaRole.Region, new() { NameRegex = Named("Se over og bekreft timen", "Sjå over og stadfest timen") });

    /// <summary>What an appointment card says of its state (its live status line).</summary>
    protected static ILocator AppointmentState(ILocator card) => card.GetByRole(AriaRole.Status);

    /// <summary>The vaccinations table (named by its heading).</summary>
    protected static ILocator Vaccinations(IPage page) => page.GetByRole(AriaRole.Table, new() { NameRegex = Named("Vaksiner", "Vaksinar") });

    /// <summary>A section of the health records page, by its heading.</summary>
    protected static ILocator RecordsSection(IPage page, string heading) => page.GetByRole(AriaRole.Region, new() { NameRegex = Named(heading) });

    /// <summary>Who is signed in (and for whom she acts), in the page header.</summary>
    protected static ILocator SignedIn(IPage page) => page.GetByRole(AriaRole.Group, new() { NameRegex = Named("Innlogget", "Innlogga") });

    /// <summary>A chat's messages, as the youth or the nurse sees them.</summary>
    protected static ILocator ChatMessages(IPage page) => page.GetByRole(AriaRole.List, new() { NameRegex = Named("Meldinger i samtalen", "Meldingar i samtalen") });

    /// <summary>The youth's line of where her chat stands (waiting, a nurse has joined, ended).</summary>
    protected static ILocator ChatStatus(IPage page) => page.GetByRole(AriaRole.Status, new() { NameRegex = Named("Status for samtalen") });

    /// <summary>The nurse's chat queue (the list named by its heading).</summary>
    protected static ILocator ChatQueue(IPage page) => page.GetByRole(AriaRole.List, new() { NameRegex = Named("Chat-kø") });

    /// <summary>One youth waiting in the nurse's chat queue.</summary>
    protected static ILocator QueueEntries(IPage page) => ChatQueue(page).GetByRole(AriaRole.Listitem);

    /// <summary>The admin's table of messages to and from the journal.</summary>
    protected static ILocator EpjItems(IPage page) => page.GetByRole(AriaRole.Table, new() { NameRegex = Named("Meldinger til og fra journalen", "Meldingar til og frå journalen") });

    /// <summary>The admin's units with self-booking settings (the list named by its heading).</summary>
    protected static ILocator SelfBookingUnits(IPage page) => page.GetByRole(AriaRole.List, new() { NameRegex = Named("Timebestilling") });

    /// <summary>A sent message's delivery state ("Lagt i journalen"), as its state tag reads.</summary>
    protected static ILocator DeliveryState(IPage page, string state) => page.GetByText(state, new() { Exact = true });

    /// <summary>An accessible name that is exactly one of these (bokmål, nynorsk).</summary>
    private static Regex Named(params string[] names) => new($"^({string.Join('|', names.Select(Regex.Escape))})$");
}
