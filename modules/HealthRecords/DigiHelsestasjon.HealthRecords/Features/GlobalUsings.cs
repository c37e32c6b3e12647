// What the use-case folders share, so each file starts with its own code.
global using DigiHelsestasjon.BuildingBlocks.Contracts;
global using DigiHelsestasjon.BuildingBlocks.Mediation;
global using DigiHelsestasjon.BuildingBlocks.Persistence;
global using DigiHelsestasjon.HealthRecords.Contracts;
global using DigiHelsestasjon.HealthRecords.Persistence;
global using MediatR;
global using Microsoft.AspNetCore.Builder;
global using Microsoft.AspNetCore.Http;
global using Microsoft.AspNetCore.Http.HttpResults;
global using Microsoft.AspNetCore.Routing;
global using Microsoft.EntityFrameworkCore;
