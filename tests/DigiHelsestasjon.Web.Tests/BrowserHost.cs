using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using DigiHelsestasjon.BuildingBlocks.Outbox;
using DigiHelsestasjon.BuildingBlocks.Persistence;
using DigiHelsestasjon.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Shouldly;
using Xunit;
using Xunit.Abstractions;

namespace DigiHelsestasjon.Web.Tests;

/// <summary>A fresh host on a port of its own (real Kestrel, real background workers, a fresh SQLite database, the
/// simulators and their demo data), the built pages at /, and Debian's Chromium driven by Playwright. One per test.</summary>
public abstract partial class BrowserTest(ITestOutputHelper output) : IAsyncLifetime
{
    private WebApplicationFactory<Program>? host;
    private TestDatabase? database;
    private IPlaywright? playwright;

    protected IBrowser Browser { get; private set; } = null!;

    protected string BaseUrl { get; } = $"http://localhost:{FreePort()}";

    protected ITestOutputHelper Output => output;

    /// <summary>Settings a test class gives its host (for example fewer delivery attempts).</summary>
    protected virtual IDictionary<string, string?> Settings => new Dictionary<string, string?>();

    /// <summary>Where the screenshots go: artifacts/screenshots (CI keeps them; docs/ shows a selection).</summary>
    protected static string Screenshots => Path.Combine(Repository.Root, "artifacts", "screenshots");

    public async Task InitializeAsync()
    {
        var pages = Path.Combine(Repository.Root, "host", "DigiHelsestasjon.Web", "dist");
        File.Exists(Path.Combine(pages, "index.html")).ShouldBeTrue($"the web client is built ({pages}): build the host with Node.js installed");
        database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        host = new HostFactory().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment("Testing");
            builder.UseSetting("Database:Provider", "Sqlite");
            builder.UseSetting("Database:ConnectionString", database.ConnectionString);
            builder.UseSetting("Urls", BaseUrl);
            builder.UseSetting("Simulators:BaseUrl", BaseUrl);
            builder.UseSetting("Simulators:DataFolder", Path.Combine(Path.GetTempPath(), "digihelsestasjon-tests", "keys"));
            builder.UseSetting("WorkQueues:outbox:PollInterval", "00:00:00.050");
            builder.UseSetting("WorkQueues:epj-delivery:PollInterval", "00:00:00.050");
            builder.UseSetting("Web:Root", pages);

            // As every test host: journals on this machine's loopback (the simulators) may be connected.
            builder.UseSetting("Epj:AllowLocalJournalAddresses", "true");
            foreach (var (key, value) in Settings)
            {
                builder.UseSetting(key, value);
            }
        });
        host.UseKestrel();
        host.StartServer();
        using (var http = new HttpClient())
        {
            for (var attempt = 0; !(await http.GetAsync($"{BaseUrl}/health/ready")).IsSuccessStatusCode; attempt++)
            {
                attempt.ShouldBeLessThan(600, "the host did not become ready");
                await Task.Delay(100);
            }
        }

        await host.Services.GetRequiredService<PlatformStartup>().WhenSettledAsync();

        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox"],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        playwright?.Dispose();
        if (host is not null)
        {
            await host.DisposeAsync();
        }

        if (database is not null)
        {
            await database.DisposeAsync();
        }
    }

    /// <summary>A browser context of its own (its own cookies and storage), as a second person on another machine.</summary>
    protected async Task<IPage> NewPageAsync(int width = 1280, int height = 900)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl,
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = "nb-NO",
            TimezoneId = "Europe/Oslo",
        });
        context.SetDefaultTimeout(20_000);
        var page = await context.NewPageAsync();
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                output.WriteLine($"browser got {response.Status} for {response.Request.Method} {response.Url}");
            }
        };
        return page;
    }

    /// <summary>A login is four round trips through the host and its simulated issuer (login page, code, token, session); on a
    /// busy 2-core machine running other test assemblies beside the browser it has taken over 20 s, so it gets a minute.
    /// It waits for the address only (Commit): Playwright's wait for the load event after a matching address has hung for
    /// the whole minute on a page that had loaded (CI, 2026-11-23), so the page's own heading is what says it is there.</summary>
    private static readonly PageWaitForURLOptions LoginWait = new() { Timeout = 60_000, WaitUntil = WaitUntilState.Commit };

    private static Task LandedAsync(IPage page) =>
        page.Locator("h1").First.WaitForAsync(new() { State = WaitForSelectorState.Visible, Timeout = 60_000 });

    /// <summary>Logs in through the simulator's own login page, as a tester would pick a synthetic person.</summary>
    protected static async Task LoginAsCitizenAsync(IPage page, string personaTag, string issuer = "idporten")
    {
        await page.GotoAsync("/");
        await page.Locator($"a[href^='/bff/login?issuer={issuer}']").ClickAsync();
        var option = await page.Locator("select[name=pid] option").Filter(new() { HasTextRegex = new System.Text.RegularExpressions.Regex($@"\({personaTag}(,|\))") }).First.GetAttributeAsync("value");
        await page.SelectOptionAsync("select[name=pid]", option!);
        await page.GetByRole(AriaRole.Button, new() { Name = "Logg inn" }).ClickAsync();
        // A person who acts only for themself is taken on from /innbygger to their own pages at once: either address is the landing.
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/innbygger(/|$)"), LoginWait);
        await LandedAsync(page);
    }

    protected static async Task LoginAsStaffAsync(IPage page, string role, Guid unitId)
    {
        await page.GotoAsync("/");
        await page.Locator("a[href^='/bff/login?issuer=helseid']").ClickAsync();
        await page.FillAsync("input[name=unitId]", unitId.ToString());
        await page.SelectOptionAsync("select[name=role]", role);
        await page.GetByRole(AriaRole.Button, new() { Name = "Logg inn" }).ClickAsync();
        // The staff area may take the person on from /ansatt to their first page at once: either address is the landing.
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/ansatt(/|$)"), LoginWait);
        await LandedAsync(page);
    }

    protected async Task<JsonElement> GetJsonAsync(string path)
    {
        using var http = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        return await http.GetFromJsonAsync<JsonElement>(path);
    }

    protected async Task PostJsonAsync(string path, object body)
    {
        using var http = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        (await http.PostAsJsonAsync(path, body)).EnsureSuccessStatusCode();
    }

    protected async Task PutJsonAsync(string path, object body)
    {
        using var http = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        (await http.PutAsJsonAsync(path, body)).EnsureSuccessStatusCode();
    }

    /// <summary>The unit of this type in this municipality, as the simulator's journal names it.</summary>
    protected async Task<Guid> UnitAsync(string vendor, string type)
    {
        var units = await GetJsonAsync($"/simulators/epj/{vendor}/units");
        return units.EnumerateArray().First(u => u.GetProperty("type").GetString() == type).GetProperty("unitId").GetGuid();
    }

    /// <summary>axe on the page as it stands: no serious or critical violation of the WCAG 2.1 A and AA rules.</summary>
    protected async Task AccessibleAsync(IPage page, string what)
    {
        var result = await page.RunAxe(new AxeRunOptions
        {
            RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
        });
        var serious = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        foreach (var violation in serious)
        {
            output.WriteLine($"{what}: {violation.Id} ({violation.Impact}) {violation.Help}: {string.Join(" | ", violation.Nodes.Select(n => n.Html))}");
        }

        serious.Select(v => v.Id).ShouldBeEmpty($"axe on {what}");
    }

    protected static async Task ScreenshotAsync(IPage page, string name)
    {
        System.IO.Directory.CreateDirectory(Screenshots);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, name + ".png"), FullPage = true });
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

internal static class Repository
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Platform.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException("Not inside the repository.");
    }
}
