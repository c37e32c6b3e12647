using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DigiHelsestasjon.Calendar.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class BookingNote : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Note",
                table: "calendar_bookings",
                type: "TEXT",
                maxLength: 500,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Note",
                table: "calendar_bookings");
        }
    }
}
