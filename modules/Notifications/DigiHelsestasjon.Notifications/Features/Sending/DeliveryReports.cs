using Microsoft.Extensions.Logging;

namespace DigiHelsestasjon.Notifications.Features.Sending;

/// <summary>A delivery report from the SMS gateway: delivered, or failed (then e-mail, if the person has it and the
/// notice has not fallen back before). A report for an id the platform never got is logged and ignored.</summary>
public sealed record RecordSmsDeliveryReport(string GatewayId, string Status) : ICommand<bool>;

internal sealed class RecordSmsDeliveryReportHandler(NotificationsDbContext db, TimeProvider time, ILogger<RecordSmsDeliveryReportHandler> logger)
    : IRequestHandler<RecordSmsDeliveryReport, bool>
{
    public async Task<bool> Handle(RecordSmsDeliveryReport request, CancellationToken cancellationToken)
    {
        var notice = await db.Notices.FirstOrDefaultAsync(n => n.GatewayId == request.GatewayId && n.Channel == NoticeChannels.Sms, cancellationToken);
        if (notice is null)
        {
            logger.LogWarning("An SMS delivery report names a message the platform did not send ({Status}); ignored.", request.Status);
            return false;
        }

        var now = time.GetUtcNow().UtcDateTime;
        notice.UpdatedAt = now;
        if (request.Status == "delivered" && notice.State == NoticeStates.Sent)
        {
            notice.State = NoticeStates.Delivered;
            notice.DeliveredAt = now;
        }
        else if (request.Status == "failed" && notice.State is NoticeStates.Sent or NoticeStates.Delivered)
        {
            notice.LastError = "The SMS gateway reported it undeliverable.";
            if (!notice.FellBack)
            {
                (notice.FellBack, notice.Channel, notice.State, notice.NextAttemptAt, notice.GatewayId) = (true, NoticeChannels.Email, NoticeStates.Planned, now, null);
            }
            else
            {
                notice.State = NoticeStates.Failed;
            }
        }

        return true;
    }
}
