using Contoso.Journal;
using DigiHelsestasjon.Epj.Sdk.Http;

var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();
var journal = new InMemoryJournal(TimeProvider.System);
app.MapEpjConnector(new JournalConnector(journal), installationId => app.Configuration[$"Epj:Installations:{installationId}:SharedSecret"]);
app.Run();

/// <summary>For the tests' WebApplicationFactory.</summary>
public partial class Program;
