using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DigiHelsestasjon.Calendar.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class BookingNote : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Note",
                schema: "calendar",
                table: "bookings",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Note",
                schema: "calendar",
                table: "bookings");
        }
    }
}
