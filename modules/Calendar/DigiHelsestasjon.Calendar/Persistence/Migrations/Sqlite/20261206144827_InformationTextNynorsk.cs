using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DigiHelsestasjon.Calendar.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class InformationTextNynorsk : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "TextNynorsk",
                table: "calendar_information_texts",
                type: "TEXT",
                maxLength: 2000,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "TextNynorsk",
                table: "calendar_information_texts");
        }
    }
}
