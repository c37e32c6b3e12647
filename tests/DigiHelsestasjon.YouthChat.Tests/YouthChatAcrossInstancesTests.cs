using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DigiHelsestasjon.Testing;
using Shouldly;
using Xunit;

namespace DigiHelsestasjon.YouthChat.Tests;

/// <summary>LISTEN/NOTIFY, PostgreSQL's default.</summary>
public sealed class YouthChatAcrossInstancesByNotify(ChatOnPostgres host) : YouthChatAcrossInstancesTests<ChatOnPostgres>(host);

/// <summary>The signals table SQL Server uses (it has no LISTEN/NOTIFY), here on PostgreSQL, where it can run.</summary>
public sealed class YouthChatAcrossInstancesBySignalTable(ChatOnPostgresPolled host) : YouthChatAcrossInstancesTests<ChatOnPostgresPolled>(host);

[NeedsSqlServer]
public sealed class YouthChatAcrossInstancesOnSqlServer(ChatOnSqlServer host) : YouthChatAcrossInstancesTests<ChatOnSqlServer>(host);

/// <summary>Two host instances on one database, each with its own process-local wake-ups: only the fan-out carries a
/// change from one to the other (the streams' own re-read is set to ten minutes).</summary>
public abstract class YouthChatAcrossInstancesTests<THost>(THost host) : IClassFixture<THost>
    where THost : ChatHost, new()
{
    [Fact]
    public async Task Given_two_host_instances_on_one_database_When_the_youth_is_on_one_and_the_nurse_on_the_other_Then_messages_flow_both_ways_in_real_time()
    {
        var second = new THost { Reuse = host.Database };
        await second.InitializeAsync();
        try
        {
            await ChatAsync(second);
        }
        finally
        {
            await second.DisposeAsync();
        }
    }

    private async Task ChatAsync(THost second)
    {
        var unit = DemoUnits.Id("9902", 3);
        var youth = host.CreateClient();
        var opened = await (await youth.PostAsJsonAsync("/api/v1/youth-chat/conversations", new { unitId = unit })).Content.ReadFromJsonAsync<JsonElement>();
        var conversation = opened.GetProperty("conversationId").GetGuid();
        youth.WithToken(opened.GetProperty("conversationToken").GetString()!);
        var nurse = await YouthChatTests<THost>.NurseOfAsync(second, unit, "3000001");
        await using var youthEvents = await EventStream.OpenAsync(youth, $"/api/v1/youth-chat/conversations/{conversation}/events");
        await youthEvents.NextAsync("queue");

        (await nurse.PostAsync($"/api/v1/staff/youth-chat/conversations/{conversation}/claim", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await youthEvents.NextAsync("nurse-joined")).Seq.ShouldBe(1, "the claim on the other instance reaches the youth's stream");

        await using var nurseEvents = await EventStream.OpenAsync(nurse, $"/api/v1/staff/youth-chat/conversations/{conversation}/events");
        await nurseEvents.NextAsync("nurse-joined");
        (await youth.PostAsJsonAsync($"/api/v1/youth-chat/conversations/{conversation}/messages", new { text = "Hei fra den ene" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await nurseEvents.NextAsync("message")).Json.GetProperty("text").GetString().ShouldBe("Hei fra den ene");
        (await nurse.PostAsJsonAsync($"/api/v1/staff/youth-chat/conversations/{conversation}/messages", new { text = "Hei fra den andre" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await youthEvents.NextAsync("message")).Seq.ShouldBe(2, "the youth's own line first");
        var reply = await youthEvents.NextAsync("message");
        (reply.Seq, reply.Json.GetProperty("text").GetString()).ShouldBe((3L, "Hei fra den andre"));
    }
}
