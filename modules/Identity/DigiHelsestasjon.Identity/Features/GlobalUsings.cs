// What the use-case folders share, so each file starts with its own code.
global using DigiHelsestasjon.BuildingBlocks.Contracts;
global using DigiHelsestasjon.BuildingBlocks.Mediation;
global using DigiHelsestasjon.BuildingBlocks.Persistence;
global using DigiHelsestasjon.BuildingBlocks.Security;
global using DigiHelsestasjon.Identity.Contracts;
global using DigiHelsestasjon.Identity.Domain;
global using DigiHelsestasjon.Identity.Persistence;
global using MediatR;
global using Microsoft.EntityFrameworkCore;
global using Microsoft.Extensions.Caching.Memory;
