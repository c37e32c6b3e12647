// The platform's build. ./build.sh <target>: build, test, pack, run, bench (default: build + test).
var target = Argument("target", "Default");
var configuration = Argument("configuration", "Release");
var solution = "./Platform.sln";
var artifacts = Directory("./artifacts");

// Every test also runs on PostgreSQL. If the caller gave no server, start a private one
// (scripts/ensure-postgres.sh); on CI a missing server is an error, never a silent skip.
void EnsurePostgres()
{
    const string Variable = "DIGIHELSESTASJON_TEST_POSTGRES";
    if (!string.IsNullOrEmpty(EnvironmentVariable(Variable)))
    {
        return;
    }

    IEnumerable<string> output;
    var exit = StartProcess("bash", new ProcessSettings { Arguments = "scripts/ensure-postgres.sh", RedirectStandardOutput = true }, out output);
    var connection = output.LastOrDefault(l => l.StartsWith("Host=")) ?? "";
    if (exit != 0 || connection == "")
    {
        throw new Exception($"No PostgreSQL for the tests: set {Variable} or install PostgreSQL (apt-get install -y postgresql). See README.");
    }

    System.Environment.SetEnvironmentVariable(Variable, connection);
    Information($"Tests use PostgreSQL at {connection.Split(';')[0]}");
}

// The national EPJ transport's tests need RabbitMQ with AMQP 1.0: the server named by DIGIHELSESTASJON_TEST_RABBITMQ,
// else scripts/ensure-rabbitmq.sh starts Debian's (installing it when run as root). Missing, it is an error, not a skip.
void EnsureRabbitMq()
{
    const string Variable = "DIGIHELSESTASJON_TEST_RABBITMQ";
    if (!string.IsNullOrEmpty(EnvironmentVariable(Variable)))
    {
        return;
    }

    IEnumerable<string> output;
    var exit = StartProcess("bash", new ProcessSettings { Arguments = "scripts/ensure-rabbitmq.sh", RedirectStandardOutput = true }, out output);
    var address = output.LastOrDefault(l => l.StartsWith("amqp://")) ?? "";
    if (exit != 0 || address == "")
    {
        throw new Exception($"No RabbitMQ for the tests: set {Variable} or install RabbitMQ (apt-get install -y rabbitmq-server). See README.");
    }

    System.Environment.SetEnvironmentVariable(Variable, address);
    Information("Tests use RabbitMQ at " + address.Substring(address.IndexOf('@') + 1));
}

Task("Clean").Does(() => CleanDirectory(artifacts));

Task("Build").Does(() =>
{
    DotNetBuild(solution, new DotNetBuildSettings { Configuration = configuration });
});

Task("Test").IsDependentOn("Build").Does(() =>
{
    CleanDirectory(artifacts + Directory("test-results"));
    EnsurePostgres();
    EnsureRabbitMq();
    var failures = new List<string>();
    foreach (var project in GetFiles("./tests/**/*.Tests.csproj"))
    {
        try
        {
            DotNetTest(project.FullPath, new DotNetTestSettings
            {
                Configuration = configuration,
                NoBuild = true,
                Loggers = { "console;verbosity=normal", $"trx;LogFileName={project.GetFilenameWithoutExtension()}.trx" },
                ResultsDirectory = artifacts + Directory("test-results"),
            });
        }
        catch (Exception)
        {
            failures.Add(project.GetFilenameWithoutExtension().ToString());
        }
    }

    // The web client's component tests (Vitest), in the same summary.
    var webClient = "./host/DigiHelsestasjon.Web";
    var vitestReport = MakeAbsolute(artifacts + Directory("test-results")).FullPath + "/web-client.junit.xml";
    var vitestExit = StartProcess("npm", new ProcessSettings
    {
        WorkingDirectory = webClient,
        Arguments = $"test -- --reporter=default --reporter=junit --outputFile.junit={vitestReport}",
    });
    if (vitestExit != 0)
    {
        failures.Add("DigiHelsestasjon.Web (vitest)");
    }

    // One plain closing line over all projects, as CI reads it.
    int passed = 0, failed = 0, skipped = 0;
    if (System.IO.File.Exists(vitestReport))
    {
        var suites = System.Xml.Linq.XDocument.Load(vitestReport).Root;
        var vitestFailed = int.Parse(suites.Attribute("failures").Value) + int.Parse(suites.Attribute("errors")?.Value ?? "0");
        var vitestSkipped = suites.Descendants("testcase").Count(c => c.Element("skipped") is not null);
        failed += vitestFailed;
        skipped += vitestSkipped;
        passed += int.Parse(suites.Attribute("tests").Value) - vitestFailed - vitestSkipped;
    }

    foreach (var trx in GetFiles(artifacts.Path.FullPath + "/test-results/*.trx"))
    {
        var counters = System.Xml.Linq.XDocument.Load(trx.FullPath).Descendants().First(e => e.Name.LocalName == "Counters");
        passed += int.Parse(counters.Attribute("passed").Value);
        failed += int.Parse(counters.Attribute("failed").Value) + int.Parse(counters.Attribute("error").Value);
        // xunit's skipped tests are counted in total but not in executed (notExecuted stays 0).
        skipped += int.Parse(counters.Attribute("total").Value) - int.Parse(counters.Attribute("executed").Value);

        // The failing tests by name, with the start of their message: CI keeps only the tail of the log, and a
        // failure nobody can name cannot be fixed.
        foreach (var result in System.Xml.Linq.XDocument.Load(trx.FullPath).Descendants().Where(e => e.Name.LocalName == "UnitTestResult" && (string)e.Attribute("outcome") == "Failed"))
        {
            var message = result.Descendants().FirstOrDefault(e => e.Name.LocalName == "Message")?.Value ?? "";
            var stack = result.Descendants().FirstOrDefault(e => e.Name.LocalName == "StackTrace")?.Value ?? "";
            System.Console.WriteLine($"FAILED {(string)result.Attribute("testName")}");
            System.Console.WriteLine("  " + string.Join("\n  ", (message + "\n" + stack).Split('\n').Take(25)));
        }
    }

    // SQL Server: no engine runs on these machines; say plainly which of its tests ran and which were skipped.
    var sqlServer = GetFiles(artifacts.Path.FullPath + "/test-results/*.trx")
        .SelectMany(trx => System.Xml.Linq.XDocument.Load(trx.FullPath).Descendants().Where(e => e.Name.LocalName == "UnitTestResult"))
        .Where(r => ((string)r.Attribute("testName")).Contains("SqlServer"))
        .GroupBy(r => (string)r.Attribute("outcome"))
        .ToDictionary(g => g.Key, g => g.Count());
    System.Console.WriteLine(
        $"SQL Server: {sqlServer.GetValueOrDefault("Passed")} passed (the scripted schema and statements, the model checks), {sqlServer.GetValueOrDefault("Failed")} failed, "
        + $"{sqlServer.GetValueOrDefault("NotExecuted")} live tests skipped"
        + (string.IsNullOrEmpty(EnvironmentVariable("DIGIHELSESTASJON_TEST_SQLSERVER")) ? " (DIGIHELSESTASJON_TEST_SQLSERVER names no server)" : ""));
    System.Console.WriteLine($"Tests: {passed} passed, {failed} failed, {skipped} skipped");
    if (failures.Count > 0)
    {
        throw new Exception("Failing test projects: " + string.Join(", ", failures));
    }
});

// Every local pack is a new prerelease (2.0.0-local.20261122.t153000), so a package cache never serves a stale copy of
// the same version silently; ./build.sh pack --release makes the release version itself (2.0.0).
Task("Pack").IsDependentOn("Clean").Does(() =>
{
    // "t" before the time: a numeric prerelease part may not start with 0 (SemVer 2), and before 10:00 UTC the hour does.
    var suffix = HasArgument("release") ? null : "local." + System.DateTime.UtcNow.ToString("yyyyMMdd") + ".t" + System.DateTime.UtcNow.ToString("HHmmss");
    // The SDK packages and the dotnet new templates (their content's projects are not packed on their own).
    foreach (var project in GetFiles("./sdk/**/*.csproj").Concat(GetFiles("./templates/DigiHelsestasjon.Templates/DigiHelsestasjon.Templates.csproj")))
    {
        DotNetPack(project.FullPath, new DotNetPackSettings { Configuration = configuration, OutputDirectory = artifacts + Directory("packages"), VersionSuffix = suffix });
    }
});

Task("Run").Does(() =>
{
    DotNetRun("./host/DigiHelsestasjon.Host/DigiHelsestasjon.Host.csproj");
});

Task("Bench").Does(() =>
{
    EnsurePostgres();
    DotNetRun("./tests/DigiHelsestasjon.Benchmarks/DigiHelsestasjon.Benchmarks.csproj",
        new ProcessArgumentBuilder().Append(Argument("bench-args", "all")),
        new DotNetRunSettings { Configuration = "Release" });
});

// The API document the web client is generated from (host/DigiHelsestasjon.Web/openapi/platform.json), written from
// the running host by its snapshot test. Run after an API change; review the diff; the web build then shows what broke.
Task("Refresh-OpenApi").Does(() =>
{
    var tests = "./tests/DigiHelsestasjon.Host.Tests/DigiHelsestasjon.Host.Tests.csproj";
    DotNetBuild(tests, new DotNetBuildSettings
    {
        Configuration = configuration,
        MSBuildSettings = new DotNetMSBuildSettings().WithProperty("SkipWebClient", "true"),
    });
    DotNetTest(tests, new DotNetTestSettings
    {
        Configuration = configuration,
        NoBuild = true,
        Filter = "FullyQualifiedName~OpenApiSnapshotTests",
        EnvironmentVariables = { ["UPDATE_OPENAPI"] = "1" },
    });
});

Task("Default").IsDependentOn("Test");

RunTarget(target);
