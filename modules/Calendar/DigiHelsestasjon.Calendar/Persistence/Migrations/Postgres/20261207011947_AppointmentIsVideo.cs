using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DigiHelsestasjon.Calendar.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AppointmentIsVideo : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "IsVideo",
                schema: "calendar",
                table: "appointments",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            // The default only fills the rows that exist (none was a video appointment); the model has none, so the column
            // keeps none either (ModuleMigrationTests compares the migrated schema with the model's).
            migrationBuilder.Sql("ALTER TABLE calendar.appointments ALTER COLUMN \"IsVideo\" DROP DEFAULT;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "IsVideo",
                schema: "calendar",
                table: "appointments");
        }
    }
}
